-- Fieldcheck store, schema version 2: what a device remembers of sync.
--
-- op_log.acked of a local op: 0 waiting in the outbox, 1 acknowledged by the
-- server, 2 rejected by it. The pull cursor, the server's clock offset and the
-- device credential are in meta.

-- Refusals with their reasons, for the user to see: an op of ours the server
-- rejected (push), or an op of the server's this store could not apply (pull;
-- kept whole, to apply again once what it needs has arrived).
CREATE TABLE sync_refusal (
  op_id     TEXT PRIMARY KEY,
  direction TEXT NOT NULL,         -- push, pull
  code      TEXT NOT NULL,
  message   TEXT NOT NULL,
  op        TEXT,                  -- pull: the op as received
  at        INTEGER NOT NULL       -- milliseconds since the epoch
) WITHOUT ROWID;
