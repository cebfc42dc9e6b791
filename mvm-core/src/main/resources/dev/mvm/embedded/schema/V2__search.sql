-- MVM embedded registry, schema version 2: search.
-- search_words is an FTS5 word index of each model's name, description, tags and metadata (rowid = models.pk),
-- with prefix indexes: query words match indexed words and word prefixes, ranked by bm25; its vocabulary
-- (search_vocabulary) supplies the indexed words within a few edits of a query word (typos).
-- search_text indexes the same text by trigrams, for words in scripts written without spaces (Chinese,
-- Japanese), which match anywhere inside the text.
-- search_generation counts changes of the indexed text, so that cached vocabularies know when to reload.
-- version_order holds each version's SemVer precedence as sortable columns; model_latest each model's
-- version of highest precedence. Triggers keep all of them current, so the store's writes need no change.
-- version_order.pre is the pre-release text with its trailing run of digits left-padded with zeros to 40 digits
-- (rc.9 < rc.10), so it sorts as SemVer precedence except between pre-releases that differ in an earlier
-- numeric identifier (rc.2 vs rc.1.2); the long expressions below compute major, minor, patch and pre from
-- version_key with substr, instr and rtrim.
-- Statements end with a semicolon at the end of a line; inside triggers the semicolons start a line.

CREATE VIRTUAL TABLE search_text USING fts5 (name, description, tags, metadata,
    tokenize = 'trigram case_sensitive 0', content = '', contentless_delete = 1);

CREATE VIRTUAL TABLE search_words USING fts5 (name, description, tags, metadata,
    tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3', detail = column, content = '', contentless_delete = 1);

CREATE VIRTUAL TABLE search_vocabulary USING fts5vocab (search_words, 'row');

CREATE TABLE search_generation (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    generation INTEGER NOT NULL
);

INSERT INTO search_generation (id, generation) VALUES (1, 0);

CREATE TABLE version_order (
    version_pk INTEGER PRIMARY KEY,
    model_pk   INTEGER NOT NULL,
    major      INTEGER NOT NULL,
    minor      INTEGER NOT NULL,
    patch      INTEGER NOT NULL,
    release    INTEGER NOT NULL,
    pre        TEXT    NOT NULL
);

CREATE INDEX version_order_latest ON version_order (model_pk, major DESC, minor DESC, patch DESC, release DESC, pre DESC);

CREATE TABLE model_latest (
    model_pk   INTEGER PRIMARY KEY,
    version_pk INTEGER NOT NULL
);

CREATE TRIGGER search_model_insert AFTER INSERT ON models BEGIN
INSERT INTO search_text (rowid, name, description, tags, metadata) VALUES (NEW.pk, NEW.name, NEW.description,
    coalesce((SELECT group_concat(key || ' ' || value, ' ') FROM json_each(NEW.tags)), ''),
    coalesce((SELECT group_concat(CASE WHEN typeof(key) = 'text' THEN key ELSE '' END || CASE WHEN type IN ('object', 'array') THEN '' ELSE ' ' || atom END, ' ') FROM json_tree(NEW.metadata)), ''))
; INSERT INTO search_words (rowid, name, description, tags, metadata) VALUES (NEW.pk, NEW.name, NEW.description,
    coalesce((SELECT group_concat(key || ' ' || value, ' ') FROM json_each(NEW.tags)), ''),
    coalesce((SELECT group_concat(CASE WHEN typeof(key) = 'text' THEN key ELSE '' END || CASE WHEN type IN ('object', 'array') THEN '' ELSE ' ' || atom END, ' ') FROM json_tree(NEW.metadata)), ''))
; UPDATE search_generation SET generation = generation + 1 WHERE id = 1
; END;

CREATE TRIGGER search_model_update AFTER UPDATE OF name, description, tags, metadata ON models BEGIN
DELETE FROM search_text WHERE rowid = OLD.pk
; DELETE FROM search_words WHERE rowid = OLD.pk
; INSERT INTO search_text (rowid, name, description, tags, metadata) VALUES (NEW.pk, NEW.name, NEW.description,
    coalesce((SELECT group_concat(key || ' ' || value, ' ') FROM json_each(NEW.tags)), ''),
    coalesce((SELECT group_concat(CASE WHEN typeof(key) = 'text' THEN key ELSE '' END || CASE WHEN type IN ('object', 'array') THEN '' ELSE ' ' || atom END, ' ') FROM json_tree(NEW.metadata)), ''))
; INSERT INTO search_words (rowid, name, description, tags, metadata) VALUES (NEW.pk, NEW.name, NEW.description,
    coalesce((SELECT group_concat(key || ' ' || value, ' ') FROM json_each(NEW.tags)), ''),
    coalesce((SELECT group_concat(CASE WHEN typeof(key) = 'text' THEN key ELSE '' END || CASE WHEN type IN ('object', 'array') THEN '' ELSE ' ' || atom END, ' ') FROM json_tree(NEW.metadata)), ''))
; UPDATE search_generation SET generation = generation + 1 WHERE id = 1
; END;

CREATE TRIGGER search_model_delete AFTER DELETE ON models BEGIN
DELETE FROM search_text WHERE rowid = OLD.pk
; DELETE FROM search_words WHERE rowid = OLD.pk
; DELETE FROM model_latest WHERE model_pk = OLD.pk
; UPDATE search_generation SET generation = generation + 1 WHERE id = 1
; END;

CREATE TRIGGER search_version_insert AFTER INSERT ON versions BEGIN
INSERT INTO version_order (version_pk, model_pk, major, minor, patch, release, pre) VALUES (NEW.pk, NEW.model_pk,
    CAST(substr(NEW.version_key, 1, instr(NEW.version_key, '.') - 1) AS INTEGER),
    CAST(substr(substr(NEW.version_key, instr(NEW.version_key, '.') + 1), 1, instr(substr(NEW.version_key, instr(NEW.version_key, '.') + 1), '.') - 1) AS INTEGER),
    CAST(substr(substr(NEW.version_key, instr(NEW.version_key, '.') + 1), instr(substr(NEW.version_key, instr(NEW.version_key, '.') + 1), '.') + 1) AS INTEGER),
    (instr(substr(substr(NEW.version_key, instr(NEW.version_key, '.') + 1), instr(substr(NEW.version_key, instr(NEW.version_key, '.') + 1), '.') + 1), '-') = 0),
    (rtrim((CASE WHEN instr(substr(substr(NEW.version_key, instr(NEW.version_key, '.') + 1), instr(substr(NEW.version_key, instr(NEW.version_key, '.') + 1), '.') + 1), '-') > 0 THEN substr(substr(substr(NEW.version_key, instr(NEW.version_key, '.') + 1), instr(substr(NEW.version_key, instr(NEW.version_key, '.') + 1), '.') + 1), instr(substr(substr(NEW.version_key, instr(NEW.version_key, '.') + 1), instr(substr(NEW.version_key, instr(NEW.version_key, '.') + 1), '.') + 1), '-') + 1) ELSE '' END), '0123456789') || CASE WHEN length(rtrim((CASE WHEN instr(substr(substr(NEW.version_key, instr(NEW.version_key, '.') + 1), instr(substr(NEW.version_key, instr(NEW.version_key, '.') + 1), '.') + 1), '-') > 0 THEN substr(substr(substr(NEW.version_key, instr(NEW.version_key, '.') + 1), instr(substr(NEW.version_key, instr(NEW.version_key, '.') + 1), '.') + 1), instr(substr(substr(NEW.version_key, instr(NEW.version_key, '.') + 1), instr(substr(NEW.version_key, instr(NEW.version_key, '.') + 1), '.') + 1), '-') + 1) ELSE '' END), '0123456789')) = length((CASE WHEN instr(substr(substr(NEW.version_key, instr(NEW.version_key, '.') + 1), instr(substr(NEW.version_key, instr(NEW.version_key, '.') + 1), '.') + 1), '-') > 0 THEN substr(substr(substr(NEW.version_key, instr(NEW.version_key, '.') + 1), instr(substr(NEW.version_key, instr(NEW.version_key, '.') + 1), '.') + 1), instr(substr(substr(NEW.version_key, instr(NEW.version_key, '.') + 1), instr(substr(NEW.version_key, instr(NEW.version_key, '.') + 1), '.') + 1), '-') + 1) ELSE '' END)) THEN '' ELSE substr('0000000000000000000000000000000000000000' || substr((CASE WHEN instr(substr(substr(NEW.version_key, instr(NEW.version_key, '.') + 1), instr(substr(NEW.version_key, instr(NEW.version_key, '.') + 1), '.') + 1), '-') > 0 THEN substr(substr(substr(NEW.version_key, instr(NEW.version_key, '.') + 1), instr(substr(NEW.version_key, instr(NEW.version_key, '.') + 1), '.') + 1), instr(substr(substr(NEW.version_key, instr(NEW.version_key, '.') + 1), instr(substr(NEW.version_key, instr(NEW.version_key, '.') + 1), '.') + 1), '-') + 1) ELSE '' END), length(rtrim((CASE WHEN instr(substr(substr(NEW.version_key, instr(NEW.version_key, '.') + 1), instr(substr(NEW.version_key, instr(NEW.version_key, '.') + 1), '.') + 1), '-') > 0 THEN substr(substr(substr(NEW.version_key, instr(NEW.version_key, '.') + 1), instr(substr(NEW.version_key, instr(NEW.version_key, '.') + 1), '.') + 1), instr(substr(substr(NEW.version_key, instr(NEW.version_key, '.') + 1), instr(substr(NEW.version_key, instr(NEW.version_key, '.') + 1), '.') + 1), '-') + 1) ELSE '' END), '0123456789')) + 1), -40) END))
; INSERT OR REPLACE INTO model_latest (model_pk, version_pk) SELECT model_pk, version_pk FROM version_order
    WHERE model_pk = NEW.model_pk AND EXISTS (SELECT 1 FROM models WHERE pk = NEW.model_pk) ORDER BY major DESC, minor DESC, patch DESC, release DESC, pre DESC LIMIT 1
; END;

CREATE TRIGGER search_version_delete AFTER DELETE ON versions BEGIN
DELETE FROM version_order WHERE version_pk = OLD.pk
; DELETE FROM model_latest WHERE model_pk = OLD.model_pk
; INSERT OR REPLACE INTO model_latest (model_pk, version_pk) SELECT model_pk, version_pk FROM version_order
    WHERE model_pk = OLD.model_pk AND EXISTS (SELECT 1 FROM models WHERE pk = OLD.model_pk) ORDER BY major DESC, minor DESC, patch DESC, release DESC, pre DESC LIMIT 1
; END;

INSERT INTO search_text (rowid, name, description, tags, metadata) SELECT m.pk, m.name, m.description,
    coalesce((SELECT group_concat(key || ' ' || value, ' ') FROM json_each(m.tags)), ''),
    coalesce((SELECT group_concat(CASE WHEN typeof(key) = 'text' THEN key ELSE '' END || CASE WHEN type IN ('object', 'array') THEN '' ELSE ' ' || atom END, ' ') FROM json_tree(m.metadata)), '') FROM models m;

INSERT INTO search_words (rowid, name, description, tags, metadata) SELECT m.pk, m.name, m.description,
    coalesce((SELECT group_concat(key || ' ' || value, ' ') FROM json_each(m.tags)), ''),
    coalesce((SELECT group_concat(CASE WHEN typeof(key) = 'text' THEN key ELSE '' END || CASE WHEN type IN ('object', 'array') THEN '' ELSE ' ' || atom END, ' ') FROM json_tree(m.metadata)), '') FROM models m;

INSERT INTO version_order (version_pk, model_pk, major, minor, patch, release, pre) SELECT v.pk, v.model_pk,
    CAST(substr(v.version_key, 1, instr(v.version_key, '.') - 1) AS INTEGER),
    CAST(substr(substr(v.version_key, instr(v.version_key, '.') + 1), 1, instr(substr(v.version_key, instr(v.version_key, '.') + 1), '.') - 1) AS INTEGER),
    CAST(substr(substr(v.version_key, instr(v.version_key, '.') + 1), instr(substr(v.version_key, instr(v.version_key, '.') + 1), '.') + 1) AS INTEGER),
    (instr(substr(substr(v.version_key, instr(v.version_key, '.') + 1), instr(substr(v.version_key, instr(v.version_key, '.') + 1), '.') + 1), '-') = 0),
    (rtrim((CASE WHEN instr(substr(substr(v.version_key, instr(v.version_key, '.') + 1), instr(substr(v.version_key, instr(v.version_key, '.') + 1), '.') + 1), '-') > 0 THEN substr(substr(substr(v.version_key, instr(v.version_key, '.') + 1), instr(substr(v.version_key, instr(v.version_key, '.') + 1), '.') + 1), instr(substr(substr(v.version_key, instr(v.version_key, '.') + 1), instr(substr(v.version_key, instr(v.version_key, '.') + 1), '.') + 1), '-') + 1) ELSE '' END), '0123456789') || CASE WHEN length(rtrim((CASE WHEN instr(substr(substr(v.version_key, instr(v.version_key, '.') + 1), instr(substr(v.version_key, instr(v.version_key, '.') + 1), '.') + 1), '-') > 0 THEN substr(substr(substr(v.version_key, instr(v.version_key, '.') + 1), instr(substr(v.version_key, instr(v.version_key, '.') + 1), '.') + 1), instr(substr(substr(v.version_key, instr(v.version_key, '.') + 1), instr(substr(v.version_key, instr(v.version_key, '.') + 1), '.') + 1), '-') + 1) ELSE '' END), '0123456789')) = length((CASE WHEN instr(substr(substr(v.version_key, instr(v.version_key, '.') + 1), instr(substr(v.version_key, instr(v.version_key, '.') + 1), '.') + 1), '-') > 0 THEN substr(substr(substr(v.version_key, instr(v.version_key, '.') + 1), instr(substr(v.version_key, instr(v.version_key, '.') + 1), '.') + 1), instr(substr(substr(v.version_key, instr(v.version_key, '.') + 1), instr(substr(v.version_key, instr(v.version_key, '.') + 1), '.') + 1), '-') + 1) ELSE '' END)) THEN '' ELSE substr('0000000000000000000000000000000000000000' || substr((CASE WHEN instr(substr(substr(v.version_key, instr(v.version_key, '.') + 1), instr(substr(v.version_key, instr(v.version_key, '.') + 1), '.') + 1), '-') > 0 THEN substr(substr(substr(v.version_key, instr(v.version_key, '.') + 1), instr(substr(v.version_key, instr(v.version_key, '.') + 1), '.') + 1), instr(substr(substr(v.version_key, instr(v.version_key, '.') + 1), instr(substr(v.version_key, instr(v.version_key, '.') + 1), '.') + 1), '-') + 1) ELSE '' END), length(rtrim((CASE WHEN instr(substr(substr(v.version_key, instr(v.version_key, '.') + 1), instr(substr(v.version_key, instr(v.version_key, '.') + 1), '.') + 1), '-') > 0 THEN substr(substr(substr(v.version_key, instr(v.version_key, '.') + 1), instr(substr(v.version_key, instr(v.version_key, '.') + 1), '.') + 1), instr(substr(substr(v.version_key, instr(v.version_key, '.') + 1), instr(substr(v.version_key, instr(v.version_key, '.') + 1), '.') + 1), '-') + 1) ELSE '' END), '0123456789')) + 1), -40) END) FROM versions v;

INSERT INTO model_latest (model_pk, version_pk) SELECT m.pk, (SELECT o.version_pk FROM version_order o
    WHERE o.model_pk = m.pk ORDER BY o.major DESC, o.minor DESC, o.patch DESC, o.release DESC, o.pre DESC LIMIT 1)
    FROM models m WHERE EXISTS (SELECT 1 FROM version_order o WHERE o.model_pk = m.pk);
