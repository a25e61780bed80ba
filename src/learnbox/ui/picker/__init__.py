"""The profile picker: tiles for every learner on this PC, search, create, PIN."""
