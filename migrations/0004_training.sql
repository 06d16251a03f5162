-- Training: practice quizzes, certification exam attempts with autosaved answers, time extensions,
-- certificates (signed Open Badges 3.0 VC-JWTs) and an append-only audit trail.
-- Instants used in comparisons (deadlines, windows) are INTEGER Unix milliseconds; instants shown to
-- people on certificates are ISO 8601 UTC text. Item keys are never stored here: they live in code
-- (functions/training/bank), and attempts only name item ids.

-- Public practice: no person attached. Rows expire after 24 h and are swept opportunistically.
CREATE TABLE practice_attempts (
  id          TEXT PRIMARY KEY,
  module      TEXT NOT NULL,
  items       TEXT NOT NULL CHECK (json_valid(items)),   -- [{ id, order: [choice ids as shown] }]
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL
);
CREATE INDEX practice_attempts_expiry ON practice_attempts(expires_at);

-- One grading per item per attempt: the first answer stands, a repeat replays it.
CREATE TABLE practice_answers (
  attempt_id  TEXT NOT NULL REFERENCES practice_attempts(id) ON DELETE CASCADE,
  item_id     TEXT NOT NULL,
  answer      TEXT NOT NULL CHECK (json_valid(answer)),
  correct     INTEGER NOT NULL CHECK (correct IN (0, 1)),
  answered_at INTEGER NOT NULL,
  PRIMARY KEY (attempt_id, item_id)
) WITHOUT ROWID;

-- An exam attempt. Open while submitted_at IS NULL and deadline_at is in the future. The start is a
-- conditional INSERT … SELECT (see training/store.ts) that counts the person's starts in the last 24 h
-- and refuses a second open attempt in the same statement, so concurrent starts cannot exceed the limit.
CREATE TABLE exam_attempts (
  id             TEXT PRIMARY KEY,
  exam_id        TEXT NOT NULL,
  person_id      TEXT NOT NULL REFERENCES people(id),
  merchant_no    TEXT NOT NULL REFERENCES merchants(merchant_no),
  items          TEXT NOT NULL CHECK (json_valid(items)),   -- [{ id, order: [choice ids as shown] }]
  started_at     INTEGER NOT NULL,
  deadline_at    INTEGER NOT NULL,
  extra_minutes  INTEGER NOT NULL DEFAULT 0,                -- from manager extensions, included in deadline_at
  -- Bumped by every autosave; a submit grades one revision and commits only if it is still current.
  revision       INTEGER NOT NULL DEFAULT 0,
  submitted_at   INTEGER,
  late           INTEGER CHECK (late IN (0, 1)),            -- submitted after deadline + grace
  grade          TEXT CHECK (grade IS NULL OR json_valid(grade)),
  passed         INTEGER CHECK (passed IN (0, 1)),
  -- Set by the submit that won; the certificate insert in the same batch checks it, so a racing
  -- second submit can never issue a second certificate.
  certificate_id TEXT
);
CREATE INDEX exam_attempts_person ON exam_attempts(person_id, exam_id, started_at);
CREATE INDEX exam_attempts_merchant ON exam_attempts(merchant_no, started_at);

CREATE TABLE exam_answers (
  attempt_id TEXT NOT NULL REFERENCES exam_attempts(id),
  item_id    TEXT NOT NULL,
  answer     TEXT NOT NULL CHECK (json_valid(answer)),
  saved_at   INTEGER NOT NULL,
  PRIMARY KEY (attempt_id, item_id)
) WITHOUT ROWID;

-- Extra time a manager grants. attempt_id is NULL until an attempt uses it: granted while an attempt
-- runs, it lengthens that attempt at once; otherwise the person's next start takes it.
CREATE TABLE exam_extensions (
  id            TEXT PRIMARY KEY,
  person_id     TEXT NOT NULL REFERENCES people(id),
  exam_id       TEXT NOT NULL,
  extra_minutes INTEGER NOT NULL CHECK (extra_minutes BETWEEN 1 AND 120),
  granted_by    TEXT NOT NULL,              -- person id of the manager, or 'admin'
  granted_at    INTEGER NOT NULL,
  attempt_id    TEXT REFERENCES exam_attempts(id)
);
CREATE INDEX exam_extensions_person ON exam_extensions(person_id, exam_id, attempt_id);

-- Name and merchant name are kept as issued: the signed credential carries them, and the public
-- status must match what was signed even if the person is renamed later.
CREATE TABLE certificates (
  id                TEXT PRIMARY KEY,
  attempt_id        TEXT NOT NULL UNIQUE REFERENCES exam_attempts(id),
  exam_id           TEXT NOT NULL,
  person_id         TEXT NOT NULL REFERENCES people(id),
  merchant_no       TEXT NOT NULL REFERENCES merchants(merchant_no),
  holder_name       TEXT NOT NULL,
  merchant_name     TEXT NOT NULL,
  issued_at         TEXT NOT NULL,
  valid_until       TEXT NOT NULL,
  jwt               TEXT NOT NULL,
  revoked_at        TEXT,
  revoked_by        TEXT,
  revocation_reason TEXT,
  CHECK ((revoked_at IS NULL) = (revocation_reason IS NULL))
);
CREATE INDEX certificates_person ON certificates(person_id, valid_until);
CREATE INDEX certificates_merchant ON certificates(merchant_no);

-- Who did what, when: certificate issued or revoked, extension granted. Never updated or deleted.
CREATE TABLE training_audit (
  id          TEXT PRIMARY KEY,
  at          TEXT NOT NULL,
  actor       TEXT NOT NULL,                -- person id, or 'admin'
  action      TEXT NOT NULL CHECK (action IN ('certificate.issued', 'certificate.revoked', 'extension.granted')),
  merchant_no TEXT NOT NULL,
  person_id   TEXT NOT NULL,                -- whom it concerns
  subject_id  TEXT NOT NULL,                -- certificate or extension id
  detail      TEXT CHECK (detail IS NULL OR json_valid(detail))
);
CREATE INDEX training_audit_merchant ON training_audit(merchant_no, at);

CREATE TRIGGER training_audit_no_update BEFORE UPDATE ON training_audit BEGIN SELECT RAISE(ABORT, 'the training audit trail is append-only'); END;
CREATE TRIGGER training_audit_no_delete BEFORE DELETE ON training_audit BEGIN SELECT RAISE(ABORT, 'the training audit trail is append-only'); END;
