-- Reviewers and admins of the web API. Only a SHA-256 hash of each token is kept; the token is shown once.
CREATE TABLE users (
    name TEXT PRIMARY KEY,
    role TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);

-- Sub-event type is a filter of the events API; the map also filters by it.
CREATE INDEX events_sub_type ON events (sub_event_type);
