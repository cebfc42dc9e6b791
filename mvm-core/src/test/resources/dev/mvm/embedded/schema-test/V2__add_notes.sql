-- A later migration, for tests: adds a column and an index.
ALTER TABLE models ADD COLUMN notes TEXT NOT NULL DEFAULT '';

CREATE INDEX models_owner ON models (owner);
