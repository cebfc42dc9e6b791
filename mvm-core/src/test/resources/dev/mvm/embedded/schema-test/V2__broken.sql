-- A migration that fails half-way, for tests: the first statement must be rolled back.
CREATE TABLE half_done (x INTEGER);

THIS IS NOT SQL;
