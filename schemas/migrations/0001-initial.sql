-- Fieldcheck store, schema version 1.
--
-- Every syncable table has a client-generated UUID primary key and is written
-- only through the write API (app/fc-store-write.c), which records an op in
-- op_log in the same transaction. The triggers at the end refuse any write made
-- without the op context, and any delete: nothing is ever removed, only retired.

CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE person (
  id            TEXT PRIMARY KEY,
  name          TEXT NOT NULL,
  organisation  TEXT,
  phone         TEXT,
  roles         TEXT NOT NULL DEFAULT '',   -- comma list of role wire names
  expert_domain TEXT,                       -- fire, housing, market_regulation
  login         TEXT UNIQUE,
  disabled      INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE facility (
  id                   TEXT PRIMARY KEY,
  type                 TEXT NOT NULL,
  name                 TEXT NOT NULL,
  town                 TEXT NOT NULL,      -- 镇街
  address              TEXT,
  beds                 INTEGER,
  legal_rep            TEXT,
  legal_rep_phone      TEXT,
  safety_officer       TEXT,
  safety_officer_phone TEXT,
  area_leader_id       TEXT REFERENCES person (id),   -- 包片领导
  line_department      TEXT,                          -- 包线科室
  point_cadre_id       TEXT REFERENCES person (id),   -- 包点干部
  retired              INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX facility_town ON facility (town);

-- A person's place at a facility: its manager, or an inspector assigned to it.
CREATE TABLE assignment (
  id          TEXT PRIMARY KEY,
  person_id   TEXT NOT NULL REFERENCES person (id),
  facility_id TEXT NOT NULL REFERENCES facility (id),
  role        TEXT NOT NULL,
  retired     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX assignment_person ON assignment (person_id);

CREATE TABLE team (
  id      TEXT PRIMARY KEY,
  name    TEXT NOT NULL,
  retired INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE team_member (
  id        TEXT PRIMARY KEY,
  team_id   TEXT NOT NULL REFERENCES team (id),
  person_id TEXT NOT NULL REFERENCES person (id),
  role      TEXT NOT NULL,
  retired   INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE equipment (
  id               TEXT PRIMARY KEY,
  facility_id      TEXT NOT NULL REFERENCES facility (id),
  kind             TEXT NOT NULL,
  name             TEXT NOT NULL,
  location         TEXT,
  tag_code         TEXT UNIQUE,
  installed_on     TEXT,
  last_serviced_on TEXT,
  expires_on       TEXT,
  retired          INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX equipment_facility ON equipment (facility_id);

CREATE TABLE checklist_template (
  id                TEXT PRIMARY KEY,
  code              TEXT NOT NULL,
  version           TEXT NOT NULL,
  title_zh          TEXT NOT NULL,
  title_en          TEXT NOT NULL,
  institution_types TEXT NOT NULL,   -- comma list of facility type wire names
  UNIQUE (code, version)
);

CREATE TABLE checklist_item (
  id                     TEXT PRIMARY KEY,
  template_id            TEXT NOT NULL REFERENCES checklist_template (id),
  code                   TEXT NOT NULL,
  position               INTEGER NOT NULL,
  category               TEXT NOT NULL,
  content_zh             TEXT NOT NULL,
  content_en             TEXT NOT NULL,
  standard_zh            TEXT NOT NULL,
  standard_en            TEXT NOT NULL,
  methods                TEXT NOT NULL,
  responsible_role       TEXT NOT NULL,
  answer_type            TEXT NOT NULL,
  answer_spec            TEXT,          -- JSON: limits, unit, choices
  equipment_kinds        TEXT,          -- comma list
  photo_on_fail          INTEGER NOT NULL DEFAULT 0,
  major_standard         TEXT,
  major_standard_version TEXT,
  major_clause           TEXT,
  major_verification     TEXT,
  major_source           TEXT,
  expert_judgement       INTEGER NOT NULL DEFAULT 0,
  UNIQUE (template_id, code)
);

CREATE TABLE inspection (
  id           TEXT PRIMARY KEY,
  facility_id  TEXT NOT NULL REFERENCES facility (id),
  template_id  TEXT NOT NULL REFERENCES checklist_template (id),
  kind         TEXT NOT NULL,
  started_at   TEXT NOT NULL,
  finished_at  TEXT,
  created_by   TEXT REFERENCES person (id)
);
CREATE INDEX inspection_facility ON inspection (facility_id, started_at);

CREATE TABLE inspection_member (
  id            TEXT PRIMARY KEY,
  inspection_id TEXT NOT NULL REFERENCES inspection (id),
  person_id     TEXT NOT NULL REFERENCES person (id),
  role          TEXT NOT NULL,
  expert_domain TEXT
);
CREATE INDEX inspection_member_inspection ON inspection_member (inspection_id);

-- Which member walks which category.
CREATE TABLE section_owner (
  id            TEXT PRIMARY KEY,
  inspection_id TEXT NOT NULL REFERENCES inspection (id),
  category      TEXT NOT NULL,
  person_id     TEXT NOT NULL REFERENCES person (id)
);

-- Insert-only.
CREATE TABLE signoff (
  id             TEXT PRIMARY KEY,
  inspection_id  TEXT NOT NULL REFERENCES inspection (id),
  person_id      TEXT REFERENCES person (id),
  signer_name    TEXT NOT NULL,
  signer_role    TEXT NOT NULL,      -- team member, facility representative
  signed_at      TEXT NOT NULL,
  signature_sha  TEXT                -- the drawn signature, stored as a photo blob
);

-- Insert-only revisions: a changed answer is a new row that names the one it supersedes.
CREATE TABLE result (
  id            TEXT PRIMARY KEY,
  inspection_id TEXT NOT NULL REFERENCES inspection (id),
  item_id       TEXT NOT NULL REFERENCES checklist_item (id),
  equipment_id  TEXT REFERENCES equipment (id),
  answer        TEXT NOT NULL,       -- pass, fail, na, or the value as text
  value_number  REAL,
  note          TEXT,
  author_id     TEXT REFERENCES person (id),
  recorded_at   TEXT NOT NULL,
  supersedes    TEXT REFERENCES result (id)
) WITHOUT ROWID;   -- the bulk of every store: one B-tree, keyed by time-ordered ids
CREATE INDEX result_inspection ON result (inspection_id, item_id);

CREATE TABLE hazard (
  id                    TEXT PRIMARY KEY,
  facility_id           TEXT NOT NULL REFERENCES facility (id),
  source                TEXT NOT NULL,     -- inspection, whistleblower, look_back
  inspection_id         TEXT REFERENCES inspection (id),
  result_id             TEXT REFERENCES result (id),
  item_id               TEXT REFERENCES checklist_item (id),
  category              TEXT NOT NULL,
  description           TEXT NOT NULL,
  location              TEXT,
  equipment_id          TEXT REFERENCES equipment (id),
  level                 TEXT NOT NULL,
  level_reason          TEXT,              -- why the suggested level was changed
  criterion             TEXT,              -- e.g. "YL 第四条（一）"
  expert_judgement      INTEGER NOT NULL DEFAULT 0,
  responsible_party     TEXT,              -- 责任主体
  responsible_person    TEXT,              -- 整改责任人
  measures              TEXT,              -- 整改措施
  funds                 REAL,              -- 整改资金, yuan
  deadline              TEXT,              -- 整改期限
  plan                  TEXT,              -- 预案 of the five must-haves
  interim_controls      TEXT,
  status                TEXT NOT NULL DEFAULT 'open',
  status_note           TEXT,              -- note or reason of the latest transition
  supervising_leader_id TEXT REFERENCES person (id),
  lead_department       TEXT,
  supervised_at         TEXT,
  rectified_by          TEXT REFERENCES person (id),
  verifier_id           TEXT REFERENCES person (id),
  verifier_org          TEXT,
  accepted_at           TEXT,
  acceptance_outcome    TEXT,
  closed_at             TEXT,
  reopen_count          INTEGER NOT NULL DEFAULT 0,
  found_at              TEXT NOT NULL,
  found_by              TEXT REFERENCES person (id)
);
-- Hazards not yet closed out, by facility: covers the open and overdue counts of
-- every facility list without reading the closed history.
CREATE INDEX hazard_open_by_facility ON hazard (facility_id, level, status, deadline)
  WHERE status <> 'closed';
CREATE INDEX hazard_status_deadline ON hazard (status, deadline);

-- Insert-only: the audit trail of every transition.
CREATE TABLE hazard_event (
  id          TEXT PRIMARY KEY,
  hazard_id   TEXT NOT NULL REFERENCES hazard (id),
  action      TEXT NOT NULL,
  from_status TEXT,
  to_status   TEXT NOT NULL,
  actor_id    TEXT REFERENCES person (id),
  actor_role  TEXT NOT NULL,
  at          TEXT NOT NULL,
  note        TEXT,
  evidence    TEXT                -- comma list of photo ids
);
CREATE INDEX hazard_event_hazard ON hazard_event (hazard_id, at);

-- Photo records; the bytes live in the content-addressed photo store.
CREATE TABLE photo (
  id            TEXT PRIMARY KEY,
  sha256        TEXT NOT NULL,
  size          INTEGER NOT NULL,
  width         INTEGER,
  height        INTEGER,
  mime          TEXT NOT NULL,
  taken_at      TEXT,
  author_id     TEXT REFERENCES person (id),
  latitude      REAL,
  longitude     REAL,
  attached_kind TEXT NOT NULL,      -- result, hazard, acceptance, signoff, equipment
  attached_id   TEXT NOT NULL,
  purpose       TEXT,               -- defect, before, after, signature
  annotation    TEXT                -- vector layer as JSON; the bytes never change
);
CREATE INDEX photo_attached ON photo (attached_kind, attached_id);
CREATE INDEX photo_sha ON photo (sha256);

-- Bookkeeping, not syncable rows themselves.

CREATE TABLE op_log (
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  op_id      TEXT NOT NULL UNIQUE,
  device_id  TEXT NOT NULL,
  device_seq INTEGER NOT NULL,
  user_id    TEXT,
  tbl        TEXT NOT NULL,
  row_id     TEXT NOT NULL,
  kind       TEXT NOT NULL,         -- insert, update
  fields     TEXT NOT NULL,         -- JSON object field -> value
  base_hlc   INTEGER NOT NULL DEFAULT 0,
  hlc        INTEGER NOT NULL,
  clock      INTEGER NOT NULL,      -- this store's HLC after the op: grows with seq
  origin     TEXT NOT NULL,         -- local, remote
  acked      INTEGER NOT NULL DEFAULT 0,
  UNIQUE (device_id, device_seq)
);
-- The outbox: entries leave the index when the server acknowledges the op.
CREATE INDEX op_log_outbox ON op_log (seq) WHERE origin = 'local' AND acked = 0;

-- Who last wrote each field, for last-writer-wins by (HLC, device).
CREATE TABLE field_clock (
  tbl       TEXT NOT NULL,
  row_id    TEXT NOT NULL,
  field     TEXT NOT NULL,
  hlc       INTEGER NOT NULL,
  device_id TEXT NOT NULL,
  op_id     TEXT NOT NULL,
  PRIMARY KEY (tbl, row_id, field)
) WITHOUT ROWID;

-- Concurrent writes to one field, kept for a person to resolve.
CREATE TABLE conflict (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  tbl          TEXT NOT NULL,
  row_id       TEXT NOT NULL,
  field        TEXT NOT NULL,
  kept_value   TEXT,
  kept_op      TEXT NOT NULL,
  other_value  TEXT,
  other_op     TEXT NOT NULL,
  detected_hlc INTEGER NOT NULL,
  resolved     INTEGER NOT NULL DEFAULT 0
);
