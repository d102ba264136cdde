-- runlab schema version 4: provider batch mode (run.mode batch). One row per submission of pending
-- narratives to a provider's batch API, recorded before the input file is uploaded and before the
-- batch is created, so that a process killed at any step finds on resume what exists at the
-- provider and never submits a narrative again while a batch holding it may still answer.
-- Plain types and syntax that PostgreSQL accepts too.

CREATE TABLE provider_batches (
  -- runlab's id of the submission, known before the provider's: sent in the batch's metadata
  -- (OpenAI) and in every custom_id, so that a batch whose id was never stored is recognised
  submission_id       TEXT    NOT NULL PRIMARY KEY,
  -- the provider's id, once the batch exists
  batch_id            TEXT    UNIQUE,
  experiment_id       INTEGER NOT NULL REFERENCES experiments (experiment_id),
  provider            TEXT    NOT NULL,
  -- runlab's step: recorded, uploading, uploaded, creating, open, ingested, failed, abandoned
  stage               TEXT    NOT NULL,
  -- the provider's word for the batch (validating, in_progress, ended, expired, ...)
  status              TEXT,
  input_file_id       TEXT,
  output_file_id      TEXT,
  error_file_id       TEXT,
  results_url         TEXT,
  n_requests          INTEGER NOT NULL,
  n_bytes             BIGINT  NOT NULL DEFAULT 0,
  n_succeeded         INTEGER NOT NULL DEFAULT 0,
  n_errored           INTEGER NOT NULL DEFAULT 0,
  n_expired           INTEGER NOT NULL DEFAULT 0,
  n_cancelled         INTEGER NOT NULL DEFAULT 0,
  prompt_tokens       BIGINT  NOT NULL DEFAULT 0,
  completion_tokens   BIGINT  NOT NULL DEFAULT 0,
  recorded_at         TEXT    NOT NULL,
  creating_at         TEXT,
  created_at          TEXT,
  expires_at          TEXT,
  completed_at        TEXT,
  ingested_at         TEXT,
  cancel_requested_at TEXT,
  message             TEXT
);
CREATE INDEX provider_batches_by_experiment ON provider_batches (experiment_id, stage);

-- which narratives a submission holds, each under its custom_id (Anthropic allows only
-- ^[a-zA-Z0-9_-]{1,64}$, so narrative ids are mapped, never sent as custom_ids)
CREATE TABLE provider_batch_requests (
  submission_id TEXT    NOT NULL REFERENCES provider_batches (submission_id),
  seq           INTEGER NOT NULL,
  custom_id     TEXT    NOT NULL,
  narrative_id  TEXT    NOT NULL,
  PRIMARY KEY (submission_id, seq),
  UNIQUE (submission_id, custom_id)
);
CREATE INDEX provider_batch_requests_by_narrative
  ON provider_batch_requests (narrative_id, submission_id);

-- the batch that answered the row (the latest attempt's), null for an answer sent online
ALTER TABLE narrative_results ADD COLUMN batch_id TEXT;
