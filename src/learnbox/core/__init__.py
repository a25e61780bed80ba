"""Pure domain code: no Qt, no SQL, no HTTP. Shared by the desktop client and the server."""
