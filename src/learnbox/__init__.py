"""LearnBox: an offline-first digital-literacy learning client and its sync/certificate server."""

__version__ = "0.1.0"
