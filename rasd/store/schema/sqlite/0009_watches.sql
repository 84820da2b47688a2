-- Watches: what a user wants to be told about (an area, actors, types, thresholds; the `spec` JSON of
-- rasd.watches.Watch), where (webhook, e-mail, its Atom feed) and how often. Private to their owner.
CREATE TABLE watches (
    watch_id TEXT PRIMARY KEY,
    owner TEXT NOT NULL REFERENCES users (name) ON DELETE CASCADE,
    name TEXT NOT NULL,
    spec TEXT NOT NULL,
    secret TEXT NOT NULL,
    feed_token TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    mailed_at TEXT
);
CREATE INDEX watches_owner ON watches (owner);
-- One notice per event per watch: later changes to the event are folded into it (`changes` counts them).
CREATE TABLE notices (
    notice_id INTEGER PRIMARY KEY AUTOINCREMENT,
    watch_id TEXT NOT NULL REFERENCES watches (watch_id) ON DELETE CASCADE,
    event_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    changes INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (watch_id, event_id)
);
CREATE INDEX notices_watch_updated ON notices (watch_id, updated_at);
-- The outbox: a notice waiting for a channel (webhook, email), the attempts made and when to try again.
CREATE TABLE outbox (
    notice_id BIGINT NOT NULL REFERENCES notices (notice_id) ON DELETE CASCADE,
    channel TEXT NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    due_at TEXT NOT NULL,
    PRIMARY KEY (notice_id, channel)
);
CREATE INDEX outbox_due ON outbox (state, due_at);
-- Every delivery attempt with its outcome (HTTP status, SMTP reply or the error).
CREATE TABLE deliveries (
    delivery_id INTEGER PRIMARY KEY AUTOINCREMENT,
    watch_id TEXT NOT NULL REFERENCES watches (watch_id) ON DELETE CASCADE,
    notice_id BIGINT,
    channel TEXT NOT NULL,
    at TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    status TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX deliveries_watch ON deliveries (watch_id, at);
-- How far the deliverer has read the change log (one row, `name` 'changes').
CREATE TABLE watch_cursor (
    name TEXT PRIMARY KEY,
    change_id BIGINT NOT NULL
);
INSERT INTO watch_cursor (name, change_id) SELECT 'changes', COALESCE(MAX(change_id), 0) FROM changes;
