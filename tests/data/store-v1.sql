-- A parley run store of schema version 1 (SQLite), for the migration test: the scenario
-- kept inside each run, forecasts only. Two runs of one scenario, one of another.
CREATE TABLE parley_store (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO parley_store VALUES ('schema_version', '1'), ('created_by', '0.1.0');
CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  created_at TEXT NOT NULL,
  command TEXT NOT NULL,
  command_line TEXT NOT NULL,
  parley_version TEXT NOT NULL,
  scenario_name TEXT NOT NULL,
  scenario_hash TEXT NOT NULL,
  scenario_json TEXT NOT NULL,
  seed TEXT,
  threads INTEGER NOT NULL);
CREATE TABLE models (
  run_id BIGINT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  ordinal INTEGER NOT NULL,
  name TEXT NOT NULL,
  spec TEXT NOT NULL,
  input_hash TEXT NOT NULL,
  seed TEXT,
  PRIMARY KEY (run_id, ordinal));
CREATE TABLE forecasts (
  run_id BIGINT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  model INTEGER NOT NULL,
  ordinal INTEGER NOT NULL,
  issue_id TEXT NOT NULL,
  position REAL NOT NULL,
  bargained REAL,
  rule TEXT NOT NULL,
  PRIMARY KEY (run_id, model, ordinal));
INSERT INTO runs VALUES
  (1, '2026-11-20T09:00:00Z', 'run', 'parley run two.yaml --store runs.db', '0.1.0', 'Two issues',
   'aaaaaaaaaaaaaaaa', '{"parley":1,"name":"Two issues","actors":[{"id":"A","name":"A","capability":1}],"issues":[]}', NULL, 0),
  (2, '2026-11-21T09:00:00Z', 'run', 'parley run two.yaml --store runs.db', '0.1.0', 'Two issues',
   'aaaaaaaaaaaaaaaa', '{"parley":1,"name":"Two issues","actors":[{"id":"A","name":"A","capability":1}],"issues":[]}', NULL, 0),
  (3, '2026-11-22T09:00:00Z', 'run', 'parley run other.yaml --store runs.db', '0.1.0', 'Other',
   'bbbbbbbbbbbbbbbb', '{"parley":1,"name":"Other","actors":[{"id":"A","name":"A","capability":2}],"issues":[]}', NULL, 4);
INSERT INTO models VALUES
  (1, 0, 'compromise', 'compromise()', 'aaaaaaaaaaaaaaaa', NULL),
  (2, 0, 'compromise', 'compromise()', 'aaaaaaaaaaaaaaaa', NULL),
  (2, 1, 'median', 'median()', 'aaaaaaaaaaaaaaaa', NULL),
  (3, 0, 'nash', 'nash(utility=linear)', 'bbbbbbbbbbbbbbbb', NULL);
INSERT INTO forecasts VALUES
  (1, 0, 0, 'x', 40.5, NULL, 'bargaining'),
  (1, 0, 1, 'y', 0.1, NULL, 'bargaining'),
  (2, 0, 0, 'x', 41.25, NULL, 'bargaining'),
  (2, 0, 1, 'y', 0.1, NULL, 'bargaining'),
  (2, 1, 0, 'x', 50, 45.5, 'decider A'),
  (2, 1, 1, 'y', 0, NULL, 'bargaining'),
  (3, 0, 0, 'z', 12.5, NULL, 'bargaining');
