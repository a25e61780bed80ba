"""Quiz screens: one keyboard-friendly widget per item type, the attempt flow and the result."""
