-- Fieldcheck store, schema version 4: the rectification ledger and its closed
-- loop — the orders the ledger reads in, the organisation that accepted a
-- rectification, look-back re-checks (回头看) and whistle-blower reports (安全吹哨人).

-- The district ledger sorts by deadline; walking this index needs no sort of
-- ten years of hazards, and a first page costs as little as its rows.
CREATE INDEX hazard_deadline ON hazard (deadline, found_at, id);
-- One institution's ledger, closed-out hazards included.
CREATE INDEX hazard_facility_deadline ON hazard (facility_id, deadline);
-- Major hazards are one in fifty: the supervision view reads only them.
CREATE INDEX hazard_major_deadline ON hazard (deadline) WHERE level = 'major';

-- The organisation that accepted or rejected, as the event recorded it: a
-- third-party organisation (第三方机构) or the verifier's own.
ALTER TABLE hazard_event ADD COLUMN verifier_org TEXT;

-- A look-back re-check of one close-out. Its id is derived from the hazard and
-- the close-out it re-checks, so two offices scheduling the same round make the
-- same row instead of two.
CREATE TABLE lookback (
  id            TEXT PRIMARY KEY,
  hazard_id     TEXT NOT NULL REFERENCES hazard (id),
  facility_id   TEXT NOT NULL REFERENCES facility (id),
  round         TEXT NOT NULL,                    -- the day the round was scheduled
  reason        TEXT NOT NULL,                    -- major, sampled
  closed_at     TEXT NOT NULL,                    -- the close-out being re-checked
  due_on        TEXT NOT NULL,
  outcome       TEXT NOT NULL DEFAULT 'pending',  -- pending, held, rebound
  checked_at    TEXT,
  checked_by    TEXT REFERENCES person (id),
  note          TEXT,
  inspection_id TEXT REFERENCES inspection (id)
);
CREATE INDEX lookback_round ON lookback (round, facility_id);
CREATE INDEX lookback_hazard ON lookback (hazard_id);

-- Insert-only: a whistle-blower report as it was received.
CREATE TABLE whistle_report (
  id               TEXT PRIMARY KEY,
  received_at      TEXT NOT NULL,
  channel          TEXT NOT NULL,                 -- phone, email, online, in_person
  anonymous        INTEGER NOT NULL DEFAULT 0,
  reporter_name    TEXT,                          -- NULL when anonymous
  reporter_contact TEXT,
  facility_id      TEXT NOT NULL REFERENCES facility (id),
  description      TEXT NOT NULL,
  location         TEXT,
  recorded_by      TEXT REFERENCES person (id)
);
CREATE INDEX whistle_report_facility ON whistle_report (facility_id, received_at);
CREATE INDEX whistle_report_received ON whistle_report (received_at);

-- Insert-only: what the bureau decided about a report — one triage into a
-- hazard or one dismissal with its reason, then at most one commendation.
CREATE TABLE whistle_action (
  id         TEXT PRIMARY KEY,
  report_id  TEXT NOT NULL REFERENCES whistle_report (id),
  action     TEXT NOT NULL,                       -- triage, dismiss, commend
  hazard_id  TEXT REFERENCES hazard (id),
  reason     TEXT,
  actor_id   TEXT REFERENCES person (id),
  actor_role TEXT NOT NULL,
  at         TEXT NOT NULL
);
CREATE INDEX whistle_action_report ON whistle_action (report_id, action);
