"""What the API's handlers share (`WebState`) and who may do what: the login and role each route depends on."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, HTTPException, Path, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from rasd.actors import ActorLexicon
from rasd.event import COUNTRY_CODES
from rasd.gazetteer import Gazetteer
from rasd.stages.body import ClutterCues, load_cues
from rasd.store.base import Store, User
from rasd.web.auth import hash_token, may

__all__ = ["Admin", "EventId", "Reader", "Reviewer", "State", "Viewer", "WebState", "allowed"]


@dataclass(slots=True)
class WebState:
    """What the handlers share: the store, the gazetteer and actor lexicon its builder passed in, the page-clutter
    cues, the access rule and a lock on the store."""

    store: Store
    gazetteer: Gazetteer
    actors: ActorLexicon
    public_read: bool = True
    lock: threading.RLock = field(default_factory=threading.RLock)
    anonymous_export: int = 5_000  # most events an export without a login holds
    public_url: str = ""  # where users reach the server (the `public_url` setting); empty: each request's address
    clutter: ClutterCues = field(default_factory=load_cues)  # what the event panel leaves out of evidence passages
    # The names the `country` filter takes: rasd's countries and those of the gazetteer's places.
    countries: tuple[str, ...] = field(init=False, default=())

    def __post_init__(self) -> None:
        self.countries = tuple(sorted(set(COUNTRY_CODES) | {place.country for place in self.gazetteer}))

    def known(self, token: str) -> bool:
        """Whether a token belongs to a user."""
        with self.lock:
            return self.store.user(hash_token(token)) is not None


_bearer = HTTPBearer(auto_error=False, description="a token from `rasd users add NAME --role reviewer`")


def _state(request: Request) -> WebState:
    state: WebState = request.app.state.rasd
    return state


State = Annotated[WebState, Depends(_state)]


def _user(request: Request, state: State,
          credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> User | None:
    if credentials is None:
        if "authorization" in request.headers:  # sent but not a bearer token: a client bug to report, not ignore
            raise HTTPException(401, "the Authorization header must be `Bearer <token>`",
                                headers={"WWW-Authenticate": "Bearer"})
        return None
    with state.lock:
        user = state.store.user(hash_token(credentials.credentials))
    if user is None:
        raise HTTPException(401, "this token is unknown or was replaced; ask an admin for a new one",
                            headers={"WWW-Authenticate": "Bearer"})
    return user


Viewer = Annotated[User | None, Depends(_user)]


def _reader(state: State, user: Viewer) -> User | None:
    if user is None and not state.public_read:
        raise HTTPException(401, "reading needs a login on this server; send `Authorization: Bearer <token>`",
                            headers={"WWW-Authenticate": "Bearer"})
    return user


Reader = Annotated[User | None, Depends(_reader)]


def allowed(user: User | None, action: str) -> User:
    if user is None:
        raise HTTPException(401, f"to {action} you must log in with a token (`rasd users add NAME --role reviewer`)",
                            headers={"WWW-Authenticate": "Bearer"})
    if not may(user, action):
        raise HTTPException(403, f"the role {user.role!r} of {user.name!r} may not {action}; ask an admin")
    return user


def _reviewer(user: Viewer) -> User:
    return allowed(user, "review")


def _admin(user: Viewer) -> User:
    return allowed(user, "delete")


Reviewer = Annotated[User, Depends(_reviewer)]
Admin = Annotated[User, Depends(_admin)]
EventId = Annotated[str, Path(min_length=1, max_length=100, description="an event id such as ev-0123456789abcdef")]
