"""Terminal sub-commands of the ``learnbox`` entry point (no Qt)."""
