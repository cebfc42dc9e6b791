-- MVM embedded registry, schema version 1.
-- Timestamps are ISO-8601 UTC text (java.time.Instant#toString), exact to the nanosecond.
-- JSON columns hold objects written by Jackson; model_tags mirrors models.tags for indexed filtering.
-- Statements end with a semicolon at the end of a line; no statement contains one elsewhere.

CREATE TABLE models (
    pk          INTEGER PRIMARY KEY,
    id          TEXT    NOT NULL UNIQUE,
    name        TEXT    NOT NULL UNIQUE,
    description TEXT    NOT NULL,
    framework   TEXT    NOT NULL,
    task        TEXT    NOT NULL,
    metadata    TEXT    NOT NULL,
    tags        TEXT    NOT NULL,
    owner       TEXT    NOT NULL,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    revision    INTEGER NOT NULL
);

CREATE INDEX models_framework ON models (framework);

CREATE INDEX models_task ON models (task);

CREATE TABLE model_tags (
    model_pk  INTEGER NOT NULL REFERENCES models (pk) ON DELETE CASCADE,
    tag_key   TEXT    NOT NULL,
    tag_value TEXT    NOT NULL,
    PRIMARY KEY (model_pk, tag_key)
) WITHOUT ROWID;

CREATE INDEX model_tags_key_value ON model_tags (tag_key, tag_value);

-- version_key is the version without build metadata (the precedence identity);
-- version is the full text as registered, build metadata included.
CREATE TABLE versions (
    pk             INTEGER PRIMARY KEY,
    model_pk       INTEGER NOT NULL REFERENCES models (pk) ON DELETE CASCADE,
    version_key    TEXT    NOT NULL,
    version        TEXT    NOT NULL,
    state          TEXT    NOT NULL,
    description    TEXT    NOT NULL,
    artifacts_root TEXT    NOT NULL,
    file_count     INTEGER NOT NULL,
    total_bytes    INTEGER NOT NULL,
    metrics        TEXT    NOT NULL,
    params         TEXT    NOT NULL,
    tags           TEXT    NOT NULL,
    lineage        TEXT    NOT NULL,
    created_by     TEXT    NOT NULL,
    created_at     TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL,
    revision       INTEGER NOT NULL,
    UNIQUE (model_pk, version_key)
);

CREATE TABLE state_changes (
    pk         INTEGER PRIMARY KEY,
    version_pk INTEGER NOT NULL REFERENCES versions (pk) ON DELETE CASCADE,
    from_state TEXT    NOT NULL,
    to_state   TEXT    NOT NULL,
    actor      TEXT    NOT NULL,
    at         TEXT    NOT NULL,
    reason     TEXT    NOT NULL
);

CREATE INDEX state_changes_version ON state_changes (version_pk, pk);

-- A pointer references its version row, so a pointed-to version cannot disappear underneath it.
CREATE TABLE pointers (
    model_pk    INTEGER NOT NULL REFERENCES models (pk) ON DELETE CASCADE,
    environment TEXT    NOT NULL,
    version_pk  INTEGER NOT NULL REFERENCES versions (pk),
    moved_by    TEXT    NOT NULL,
    moved_at    TEXT    NOT NULL,
    PRIMARY KEY (model_pk, environment)
) WITHOUT ROWID;

CREATE INDEX pointers_version ON pointers (version_pk);

-- History keeps version texts, not references: it outlives the versions it mentions.
CREATE TABLE pointer_moves (
    pk           INTEGER PRIMARY KEY,
    model_pk     INTEGER NOT NULL REFERENCES models (pk) ON DELETE CASCADE,
    environment  TEXT    NOT NULL,
    from_version TEXT,
    to_version   TEXT,
    kind         TEXT    NOT NULL,
    actor        TEXT    NOT NULL,
    at           TEXT    NOT NULL,
    reason       TEXT    NOT NULL
);

CREATE INDEX pointer_moves_pointer ON pointer_moves (model_pk, environment, pk);
