"""The client side of sync: HTTP client (requests), sync engine (push, then pull), roaming, auto-sync policy.

No Qt here: the UI drives it through :mod:`learnbox.services.sync_service` from a worker thread.
"""
