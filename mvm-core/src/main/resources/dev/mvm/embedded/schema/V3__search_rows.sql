-- MVM embedded registry, schema version 3: per-model search rows.
-- model_search holds, per model with versions, its latest version (as model_latest names it) and that version's
-- state; model_metric holds that version's metrics, one narrow row per metric, copied from versions.metrics as
-- json_each reads them (same values, same types). A models-scope search filters and sorts on these small tables
-- instead of reading each latest version's row and parsing its JSON.
-- Triggers on model_latest (which the V2 triggers keep current) and on updates of a version's state or metrics
-- keep both tables current, so the store's writes need no change.
-- Statements end with a semicolon at the end of a line; inside triggers the semicolons start a line.

CREATE TABLE model_search (
    model_pk   INTEGER PRIMARY KEY,
    version_pk INTEGER NOT NULL,
    state      TEXT    NOT NULL
);

CREATE INDEX model_search_state ON model_search (state);

CREATE TABLE model_metric (
    model_pk INTEGER NOT NULL,
    name     TEXT    NOT NULL,
    value,
    PRIMARY KEY (model_pk, name)
) WITHOUT ROWID;

CREATE INDEX model_metric_name_value ON model_metric (name, value);

CREATE TRIGGER search_rows_latest_insert AFTER INSERT ON model_latest BEGIN
DELETE FROM model_metric WHERE model_pk = NEW.model_pk
; INSERT OR REPLACE INTO model_search (model_pk, version_pk, state)
    SELECT NEW.model_pk, v.pk, v.state FROM versions v WHERE v.pk = NEW.version_pk
; INSERT INTO model_metric (model_pk, name, value)
    SELECT NEW.model_pk, j.key, j.value FROM versions v, json_each(v.metrics) j WHERE v.pk = NEW.version_pk
; END;

CREATE TRIGGER search_rows_latest_update AFTER UPDATE ON model_latest BEGIN
DELETE FROM model_metric WHERE model_pk = OLD.model_pk
; DELETE FROM model_search WHERE model_pk = OLD.model_pk
; DELETE FROM model_metric WHERE model_pk = NEW.model_pk
; INSERT OR REPLACE INTO model_search (model_pk, version_pk, state)
    SELECT NEW.model_pk, v.pk, v.state FROM versions v WHERE v.pk = NEW.version_pk
; INSERT INTO model_metric (model_pk, name, value)
    SELECT NEW.model_pk, j.key, j.value FROM versions v, json_each(v.metrics) j WHERE v.pk = NEW.version_pk
; END;

CREATE TRIGGER search_rows_latest_delete AFTER DELETE ON model_latest BEGIN
DELETE FROM model_metric WHERE model_pk = OLD.model_pk
; DELETE FROM model_search WHERE model_pk = OLD.model_pk
; END;

CREATE TRIGGER search_rows_version_update AFTER UPDATE OF state, metrics ON versions
    WHEN EXISTS (SELECT 1 FROM model_latest WHERE model_pk = NEW.model_pk AND version_pk = NEW.pk) BEGIN
UPDATE model_search SET state = NEW.state WHERE model_pk = NEW.model_pk
; DELETE FROM model_metric WHERE model_pk = NEW.model_pk
; INSERT INTO model_metric (model_pk, name, value) SELECT NEW.model_pk, j.key, j.value FROM json_each(NEW.metrics) j
; END;

INSERT INTO model_search (model_pk, version_pk, state)
    SELECT ml.model_pk, v.pk, v.state FROM model_latest ml JOIN versions v ON v.pk = ml.version_pk;

INSERT INTO model_metric (model_pk, name, value)
    SELECT ml.model_pk, j.key, j.value FROM model_latest ml JOIN versions v ON v.pk = ml.version_pk, json_each(v.metrics) j;
