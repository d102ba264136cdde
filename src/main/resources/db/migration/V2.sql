-- runlab schema version 2: request accounting across resumes (tokens, requests, 429s, cost) and
-- what the pacing is doing now, so that `runlab status` in another process can show it.

ALTER TABLE experiments ADD COLUMN n_requests INTEGER NOT NULL DEFAULT 0;
ALTER TABLE experiments ADD COLUMN n_rate_limited INTEGER NOT NULL DEFAULT 0;
ALTER TABLE experiments ADD COLUMN prompt_tokens_total INTEGER NOT NULL DEFAULT 0;
ALTER TABLE experiments ADD COLUMN completion_tokens_total INTEGER NOT NULL DEFAULT 0;
ALTER TABLE experiments ADD COLUMN backoff_until TEXT;
ALTER TABLE experiments ADD COLUMN pacing_json TEXT;
