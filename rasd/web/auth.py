"""Who may do what in the web API: per-user tokens, their hashes, and what each role allows.

A token is printed once, when the user is added (`rasd users add NAME --role reviewer`); the store keeps only
its SHA-256 hash. Tokens carry 256 random bits, so a fast hash is as safe as a slow one and each request stays
cheap. Reading is open unless the `public_read` setting is off; then any valid token may read.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from rasd.errors import ConfigError
from rasd.store.base import ROLES, Store, User

__all__ = ["ALLOWED", "TOKEN_PREFIX", "Issued", "add_user", "hash_token", "may"]

TOKEN_PREFIX = "rasd_"  # lets secret scanners and people recognise a leaked token
# What each role may do besides reading; an admin may do all a reviewer may.
ALLOWED: dict[str, frozenset[str]] = {
    "reviewer": frozenset({"review"}),
    "admin": frozenset({"review", "delete", "users"}),
}


@dataclass(frozen=True, slots=True)
class Issued:
    """A user just added or given a new token, and that token (shown this once, never stored)."""

    user: User
    token: str


def hash_token(token: str) -> str:
    """The hex SHA-256 of a token, as the store keeps it."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def add_user(store: Store, name: str, *, role: str) -> Issued:
    """Add a user (or replace an existing user's role and token) and return the new token."""
    if role not in ROLES:
        raise ConfigError(f"role {role!r} is not one of {list(ROLES)}")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    return Issued(store.save_user(name, role=role, token_hash=hash_token(token)), token)


def may(user: User | None, action: str) -> bool:
    """Whether a user (None: nobody logged in) may take an action (`review`, `delete`, `users`)."""
    return user is not None and action in ALLOWED.get(user.role, frozenset())
