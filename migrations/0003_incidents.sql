-- Incident desk: incidents with an append-only event timeline, idempotent intake, audited views of
-- personal data, and per-shift terminal inspections.

CREATE TABLE incidents (
  id                   TEXT PRIMARY KEY,
  merchant_no          TEXT NOT NULL REFERENCES merchants(merchant_no),
  terminal_id          TEXT NOT NULL REFERENCES terminals(terminal_id),
  kind                 TEXT NOT NULL,
  status               TEXT NOT NULL,
  occurred_at          TEXT NOT NULL,            -- UTC ISO 8601
  reported_at          TEXT NOT NULL,            -- server time, UTC
  business_day         TEXT NOT NULL,            -- Asia/Shanghai day of occurred_at
  amount               INTEGER NOT NULL CHECK (amount > 0),
  amount_direction     TEXT,
  card_bin             TEXT,                     -- first 6 only; never the full number
  card_last4           TEXT NOT NULL,
  card_type            TEXT NOT NULL,
  settlement           TEXT NOT NULL,
  batch_settled        INTEGER NOT NULL DEFAULT 0,
  trace_no             TEXT NOT NULL,
  batch_no             TEXT NOT NULL,
  reference_no         TEXT,
  auth_code            TEXT,
  operator             TEXT,
  cardholder_sealed    TEXT,                     -- AES-GCM JSON {name, phone}
  cardholder_masked    TEXT,                     -- what lists show, e.g. 王* 138****8000
  cardholder_contacted INTEGER NOT NULL DEFAULT 0,
  description          TEXT,                     -- card numbers already redacted
  action               TEXT NOT NULL,
  guidance_json        TEXT NOT NULL,
  due_by               TEXT,
  reported_by_kind     TEXT NOT NULL CHECK (reported_by_kind IN ('terminal', 'person')),
  reported_by          TEXT NOT NULL,
  amounts_json         TEXT,
  updated_at           TEXT NOT NULL
);
CREATE INDEX incidents_merchant_time ON incidents(merchant_no, reported_at DESC, id DESC);
CREATE INDEX incidents_terminal_time ON incidents(terminal_id, reported_at DESC);
CREATE INDEX incidents_reporter ON incidents(reported_by, reported_at DESC);

CREATE TABLE incident_events (
  id          TEXT PRIMARY KEY,
  incident_id TEXT NOT NULL REFERENCES incidents(id),
  at          TEXT NOT NULL,
  actor_kind  TEXT NOT NULL,
  actor_id    TEXT NOT NULL,
  actor_role  TEXT NOT NULL,
  from_status TEXT,
  to_status   TEXT NOT NULL,
  note        TEXT,
  amounts_json TEXT
);
CREATE INDEX incident_events_incident ON incident_events(incident_id, at);

-- Events are append-only: the database itself refuses edits and deletions.
CREATE TRIGGER incident_events_no_update BEFORE UPDATE ON incident_events
BEGIN SELECT RAISE(ABORT, 'incident events are append-only'); END;
CREATE TRIGGER incident_events_no_delete BEFORE DELETE ON incident_events
BEGIN SELECT RAISE(ABORT, 'incident events are append-only'); END;

-- Idempotent writes: the key row is inserted in the same batch as the write it guards, so two
-- concurrent requests with one key cannot both succeed; the loser replays the stored response.
CREATE TABLE idempotency_keys (
  scope        TEXT NOT NULL,                    -- who: terminal:<id> or person:<id>
  key          TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status       INTEGER NOT NULL,
  response     TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  PRIMARY KEY (scope, key)
) WITHOUT ROWID;

CREATE TABLE personal_data_views (
  id          TEXT PRIMARY KEY,
  incident_id TEXT NOT NULL REFERENCES incidents(id),
  viewer_kind TEXT NOT NULL,
  viewer_id   TEXT NOT NULL,
  at          TEXT NOT NULL
);
CREATE INDEX personal_data_views_incident ON personal_data_views(incident_id);

CREATE TABLE terminal_inspections (
  id              TEXT PRIMARY KEY,
  terminal_id     TEXT NOT NULL REFERENCES terminals(terminal_id),
  merchant_no     TEXT NOT NULL REFERENCES merchants(merchant_no),
  inspected_at    TEXT NOT NULL,
  inspected_by    TEXT NOT NULL,
  items_json      TEXT NOT NULL,
  serial_no_read  TEXT NOT NULL,
  serial_matches  INTEGER NOT NULL,
  passed          INTEGER NOT NULL,
  incident_id     TEXT REFERENCES incidents(id)
);
CREATE INDEX terminal_inspections_terminal ON terminal_inspections(terminal_id, inspected_at DESC);
