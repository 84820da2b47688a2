-- rasd monitoring store, PostgreSQL. Coordinates are plain columns with btree indexes (PostGIS is not required).
CREATE TABLE sources (
    name TEXT PRIMARY KEY,
    kind TEXT,
    url TEXT,
    etag TEXT,
    modified TEXT,
    polled_at TIMESTAMPTZ,
    added_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE articles (
    article_id TEXT PRIMARY KEY,
    url TEXT UNIQUE,
    text_hash TEXT NOT NULL UNIQUE,
    source TEXT REFERENCES sources(name),
    outlet TEXT,
    title TEXT,
    published DATE,
    kind TEXT,
    text TEXT NOT NULL,
    minhash TEXT NOT NULL,
    reprint_of TEXT REFERENCES articles(article_id),
    similarity DOUBLE PRECISION,
    ingested_at TIMESTAMPTZ NOT NULL
);

-- LSH bands of each article's MinHash signature: articles sharing a band are candidate reprints.
CREATE TABLE article_bands (
    band TEXT NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles(article_id),
    PRIMARY KEY (band, article_id)
);

-- The folded text with clitic-free word forms, for Arabic full-text search.
CREATE TABLE articles_fts (
    article_id TEXT PRIMARY KEY REFERENCES articles(article_id),
    body tsvector NOT NULL
);
CREATE INDEX articles_fts_body ON articles_fts USING gin (body);

CREATE TABLE events (
    event_id TEXT PRIMARY KEY,
    event_date DATE,
    event_type TEXT,
    sub_event_type TEXT,
    actor1 TEXT,
    actor2 TEXT,
    admin1 TEXT,
    admin2 TEXT,
    location TEXT,
    latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION,
    geo_precision INTEGER,
    fatalities INTEGER,
    confidence DOUBLE PRECISION,
    review_state TEXT NOT NULL DEFAULT 'pending',
    data TEXT NOT NULL,
    machine TEXT NOT NULL,
    edits TEXT NOT NULL DEFAULT '{}',
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    deleted_at TIMESTAMPTZ,
    merged_into TEXT REFERENCES events(event_id)
);
CREATE INDEX events_date ON events (event_date);
CREATE INDEX events_updated ON events (updated_at);
CREATE INDEX events_lat ON events (latitude);
CREATE INDEX events_lon ON events (longitude);
CREATE INDEX events_admin1 ON events (admin1, admin2);
CREATE INDEX events_type ON events (event_type);

CREATE TABLE reports (
    report_id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(article_id),
    event_id TEXT NOT NULL REFERENCES events(event_id),
    data TEXT NOT NULL,
    agreement TEXT
);
CREATE INDEX reports_event ON reports (event_id);
CREATE INDEX reports_article ON reports (article_id);

CREATE TABLE evidence (
    report_id TEXT NOT NULL REFERENCES reports(report_id),
    article_id TEXT NOT NULL REFERENCES articles(article_id),
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    role TEXT NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX evidence_report ON evidence (report_id);

CREATE TABLE signals (
    article_id TEXT NOT NULL REFERENCES articles(article_id),
    n INTEGER NOT NULL,
    modality TEXT NOT NULL,
    event_type TEXT,
    sub_event_type TEXT,
    actor1 TEXT,
    location TEXT,
    event_date DATE,
    data TEXT NOT NULL,
    PRIMARY KEY (article_id, n)
);

CREATE TABLE changes (
    change_id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id TEXT NOT NULL,
    at TIMESTAMPTZ NOT NULL,
    who TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX changes_event ON changes (event_id);
CREATE INDEX changes_at ON changes (at);
