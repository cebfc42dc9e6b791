-- MVM embedded registry, schema version 3: per-model search rows.
-- model_search holds one narrow row per model with what a models-scope search filters and sorts on: the model's
-- name, framework, task, owner and timestamps (copies of its models columns), and its latest version (as
-- model_latest names it) with that version's state, both NULL while the model has no version. model_metric holds
-- the latest version's metrics, one row per metric, copied from versions.metrics as json_each reads them (same
-- values, same types). A models search reads these small tables instead of the wide models and versions rows and
-- their JSON.
-- Triggers on models, on model_latest (which the V2 triggers keep current) and on updates of a version's state or
-- metrics keep both tables current, so the store's writes need no change.
-- Statements end with a semicolon at the end of a line; inside triggers the semicolons start a line.

CREATE TABLE model_search (
    model_pk   INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL,
    framework  TEXT    NOT NULL,
    task       TEXT    NOT NULL,
    owner      TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    updated_at TEXT    NOT NULL,
    version_pk INTEGER,
    state      TEXT
);

CREATE TABLE model_metric (
    model_pk INTEGER NOT NULL,
    name     TEXT    NOT NULL,
    value,
    PRIMARY KEY (model_pk, name)
) WITHOUT ROWID;

CREATE INDEX model_metric_name_value ON model_metric (name, value);

CREATE TRIGGER search_rows_model_insert AFTER INSERT ON models BEGIN
INSERT OR REPLACE INTO model_search (model_pk, name, framework, task, owner, created_at, updated_at, version_pk, state)
    VALUES (NEW.pk, NEW.name, NEW.framework, NEW.task, NEW.owner, NEW.created_at, NEW.updated_at,
    (SELECT v.pk FROM model_latest ml JOIN versions v ON v.pk = ml.version_pk WHERE ml.model_pk = NEW.pk),
    (SELECT v.state FROM model_latest ml JOIN versions v ON v.pk = ml.version_pk WHERE ml.model_pk = NEW.pk))
; END;

CREATE TRIGGER search_rows_model_update AFTER UPDATE ON models BEGIN
UPDATE model_search SET model_pk = NEW.pk, name = NEW.name, framework = NEW.framework, task = NEW.task,
    owner = NEW.owner, created_at = NEW.created_at, updated_at = NEW.updated_at WHERE model_pk = OLD.pk
; END;

CREATE TRIGGER search_rows_model_delete AFTER DELETE ON models BEGIN
DELETE FROM model_search WHERE model_pk = OLD.pk
; DELETE FROM model_metric WHERE model_pk = OLD.pk
; END;

CREATE TRIGGER search_rows_latest_insert AFTER INSERT ON model_latest BEGIN
UPDATE model_search SET version_pk = (SELECT v.pk FROM versions v WHERE v.pk = NEW.version_pk),
    state = (SELECT v.state FROM versions v WHERE v.pk = NEW.version_pk) WHERE model_pk = NEW.model_pk
; DELETE FROM model_metric WHERE model_pk = NEW.model_pk
; INSERT INTO model_metric (model_pk, name, value)
    SELECT NEW.model_pk, j.key, j.value FROM versions v, json_each(v.metrics) j WHERE v.pk = NEW.version_pk
; END;

CREATE TRIGGER search_rows_latest_update AFTER UPDATE ON model_latest BEGIN
UPDATE model_search SET version_pk = NULL, state = NULL WHERE model_pk = OLD.model_pk
; DELETE FROM model_metric WHERE model_pk = OLD.model_pk
; UPDATE model_search SET version_pk = (SELECT v.pk FROM versions v WHERE v.pk = NEW.version_pk),
    state = (SELECT v.state FROM versions v WHERE v.pk = NEW.version_pk) WHERE model_pk = NEW.model_pk
; DELETE FROM model_metric WHERE model_pk = NEW.model_pk
; INSERT INTO model_metric (model_pk, name, value)
    SELECT NEW.model_pk, j.key, j.value FROM versions v, json_each(v.metrics) j WHERE v.pk = NEW.version_pk
; END;

CREATE TRIGGER search_rows_latest_delete AFTER DELETE ON model_latest
    WHEN NOT EXISTS (SELECT 1 FROM model_latest WHERE model_pk = OLD.model_pk) BEGIN
UPDATE model_search SET version_pk = NULL, state = NULL WHERE model_pk = OLD.model_pk
; DELETE FROM model_metric WHERE model_pk = OLD.model_pk
; END;

CREATE TRIGGER search_rows_version_update AFTER UPDATE OF state, metrics ON versions
    WHEN EXISTS (SELECT 1 FROM model_latest WHERE model_pk = NEW.model_pk AND version_pk = NEW.pk) BEGIN
UPDATE model_search SET state = NEW.state WHERE model_pk = NEW.model_pk
; DELETE FROM model_metric WHERE model_pk = NEW.model_pk
; INSERT INTO model_metric (model_pk, name, value) SELECT NEW.model_pk, j.key, j.value FROM json_each(NEW.metrics) j
; END;

INSERT INTO model_search (model_pk, name, framework, task, owner, created_at, updated_at, version_pk, state)
    SELECT m.pk, m.name, m.framework, m.task, m.owner, m.created_at, m.updated_at, v.pk, v.state
    FROM models m LEFT JOIN model_latest ml ON ml.model_pk = m.pk LEFT JOIN versions v ON v.pk = ml.version_pk;

INSERT INTO model_metric (model_pk, name, value)
    SELECT ml.model_pk, j.key, j.value FROM model_latest ml JOIN versions v ON v.pk = ml.version_pk, json_each(v.metrics) j;
