"""The passwords of the server's roles: a new one, and the SCRAM-SHA-256 verifier that the
server stores for it (RFC 5802 and 7677, in PostgreSQL's format).

A password here is 128 random bits, which no guessing reaches however cheap each guess is,
so the verifier asks for one iteration of PBKDF2 where the server makes 4096 of its own: a
client computes them on every connection, and 4096 cost a step about 5 ms each time.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

ITERATIONS = 1


def new() -> str:
    """A new password: hexadecimal, so nothing in a URL needs escaping."""
    return secrets.token_hex(16)


def verifier(password: str, iterations: int = ITERATIONS) -> str:
    """What ``ALTER ROLE ... PASSWORD`` may be given instead of ``password`` itself."""
    salt = secrets.token_bytes(16)
    salted = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, iterations)
    stored = hashlib.sha256(hmac.digest(salted, b"Client Key", "sha256")).digest()
    server = hmac.digest(salted, b"Server Key", "sha256")
    salt_text, stored_text, server_text = (
        base64.b64encode(part).decode() for part in (salt, stored, server)
    )
    return f"SCRAM-SHA-256${iterations}:{salt_text}${stored_text}:{server_text}"
