-- Fieldcheck store, schema version 8: signing in on the device, also offline.
--
-- The server's Argon2id verifiers of the people this device may see, replaced
-- whole after every sync (GET /api/v1/verifiers). Never synced as ops and never
-- sent anywhere: the table is not one of the store's syncable tables. A
-- disabled person keeps a row without a verifier, so the device can say why.
-- The failed attempts in a row and the time of the last one are in meta
-- (sign_in_failures, sign_in_last_failure_ms), so a restart keeps the throttle.
CREATE TABLE sign_in_verifier (
  person_id TEXT PRIMARY KEY,
  login     TEXT NOT NULL UNIQUE,
  name      TEXT,
  verifier  TEXT,                  -- crypto_pwhash_str, NULL when disabled or without a password
  disabled  INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
