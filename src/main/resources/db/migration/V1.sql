-- runlab schema version 1: experiments, the loaded data sets, one result row per narrative,
-- and the audit log. Timestamps are ISO-8601 UTC text ("2025-10-29T13:23:15.120Z").

CREATE TABLE datasets (
  dataset_id    INTEGER PRIMARY KEY,
  data_path     TEXT    NOT NULL,
  data_checksum TEXT    NOT NULL,
  format        TEXT    NOT NULL,
  id_column     TEXT    NOT NULL,
  text_column   TEXT    NOT NULL,
  label_column  TEXT    NOT NULL DEFAULT '',
  columns_json  TEXT    NOT NULL,
  n_rows        INTEGER NOT NULL,
  loaded_at     TEXT    NOT NULL,
  UNIQUE (data_checksum, id_column, text_column, label_column)
);

CREATE TABLE source_narratives (
  dataset_id    INTEGER NOT NULL REFERENCES datasets (dataset_id),
  row_number    INTEGER NOT NULL,
  narrative_id  TEXT    NOT NULL,
  text          TEXT    NOT NULL,
  label         TEXT,
  fields_json   TEXT,
  row_hash      TEXT    NOT NULL,
  data_checksum TEXT    NOT NULL,
  PRIMARY KEY (dataset_id, narrative_id)
);
CREATE UNIQUE INDEX source_narratives_by_row ON source_narratives (dataset_id, row_number);

CREATE TABLE experiments (
  experiment_id             INTEGER PRIMARY KEY AUTOINCREMENT,
  name                      TEXT    NOT NULL,
  status                    TEXT    NOT NULL
    CHECK (status IN ('running', 'paused', 'completed', 'failed', 'cancelled')),
  model                     TEXT    NOT NULL,
  provider                  TEXT    NOT NULL,
  config_json               TEXT    NOT NULL,
  config_hash               TEXT    NOT NULL,
  config_path               TEXT,
  data_path                 TEXT    NOT NULL,
  data_checksum             TEXT    NOT NULL,
  dataset_id                INTEGER NOT NULL REFERENCES datasets (dataset_id),
  n_narratives_total        INTEGER NOT NULL,
  n_narratives_completed    INTEGER NOT NULL DEFAULT 0,
  n_errors                  INTEGER NOT NULL DEFAULT 0,
  started_at                TEXT    NOT NULL,
  completed_at              TEXT,
  last_progress_update      TEXT,
  estimated_completion_time TEXT,
  recent_rate               REAL,
  active_seconds            REAL    NOT NULL DEFAULT 0,
  control_request           TEXT CHECK (control_request IN ('pause', 'cancel')),
  status_message            TEXT
);

CREATE TABLE narrative_results (
  result_id           INTEGER PRIMARY KEY,
  experiment_id       INTEGER NOT NULL REFERENCES experiments (experiment_id),
  narrative_id        TEXT    NOT NULL,
  status              TEXT    NOT NULL CHECK (status IN ('ok', 'error', 'pending')),
  response_text       TEXT,
  parsed_label        TEXT,
  attempt_count       INTEGER NOT NULL DEFAULT 0,
  failure_count       INTEGER NOT NULL DEFAULT 0,
  first_error_message TEXT,
  last_error_message  TEXT,
  error_category      TEXT,
  latency_ms          INTEGER,
  prompt_tokens       INTEGER,
  completion_tokens   INTEGER,
  finish_reason       TEXT,
  created_at          TEXT    NOT NULL,
  updated_at          TEXT    NOT NULL,
  completed_at        TEXT,
  UNIQUE (experiment_id, narrative_id)
);
-- only rows that are not ok: finding errors and pending retries stays quick, while the ok rows
-- (nearly all of them) cost no index update
CREATE INDEX narrative_results_not_ok
  ON narrative_results (experiment_id, status, error_category) WHERE status <> 'ok';

CREATE TABLE experiment_events (
  event_id      INTEGER PRIMARY KEY,
  experiment_id INTEGER,
  event_time    TEXT    NOT NULL,
  event_type    TEXT    NOT NULL,
  from_status   TEXT,
  to_status     TEXT,
  message       TEXT,
  pid           INTEGER NOT NULL,
  host          TEXT
);
CREATE INDEX experiment_events_by_experiment ON experiment_events (experiment_id, event_id);
