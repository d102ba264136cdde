-- runlab schema version 5: many workers on one experiment (a shared PostgreSQL store). A worker
-- claims pending narratives in leases: the row names the holder and until when (the database's
-- clock, in the timestamps' ISO-8601 text); a lease that ran out may be taken by another worker.
-- The workers of each experiment register in `workers` with a heartbeat; configured rate limits
-- are split among the live ones. On SQLite (one process per experiment) these stay empty.

ALTER TABLE narrative_results ADD COLUMN lease_owner TEXT;
ALTER TABLE narrative_results ADD COLUMN lease_until TEXT;

CREATE TABLE workers (
  worker_id     TEXT    NOT NULL PRIMARY KEY,
  experiment_id INTEGER NOT NULL REFERENCES experiments (experiment_id),
  host          TEXT    NOT NULL,
  pid           INTEGER NOT NULL,
  started_at    TEXT    NOT NULL,
  heartbeat_at  TEXT    NOT NULL,
  status        TEXT    NOT NULL CHECK (status IN ('running', 'stopped', 'failed')),
  -- what the worker committed (final results), and how it ended
  n_completed   INTEGER NOT NULL DEFAULT 0,
  message       TEXT
);
CREATE INDEX workers_by_experiment ON workers (experiment_id, status);
