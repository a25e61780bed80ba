"""Open Badges 3.0 certificates: build, sign (Ed25519, eddsa-jcs-2022), verify, revoke (no Qt).

Shared by the client (offline verification, printout) and the server (issuing). See README.md
in this folder for the credential format and how third parties verify a certificate.
"""
