"""learnbox-server: the central sync server (FastAPI), its database and its admin CLI."""
