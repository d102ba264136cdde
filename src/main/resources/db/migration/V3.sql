-- runlab schema version 3: the system_fingerprint an OpenAI-compatible server sends with each
-- answer (the backend configuration that produced it; with a seed, a change of fingerprint
-- explains answers that differ). Null for providers that send none (Anthropic, the sim model).

ALTER TABLE narrative_results ADD COLUMN system_fingerprint TEXT;
