-- Accounts: agents (with a parent), merchants, terminals, people; sessions and sign-in throttling;
-- terminal nonces for replay protection.

CREATE TABLE agents (
  agent_id        TEXT PRIMARY KEY,
  name            TEXT NOT NULL,
  parent_agent_id TEXT REFERENCES agents(agent_id),
  created_at      TEXT NOT NULL
);
CREATE INDEX agents_parent ON agents(parent_agent_id);

CREATE TABLE merchants (
  merchant_no TEXT PRIMARY KEY CHECK (length(merchant_no) = 15 AND merchant_no NOT GLOB '*[^0-9]*'),
  name        TEXT NOT NULL,
  agent_id    TEXT REFERENCES agents(agent_id),
  created_at  TEXT NOT NULL
);
CREATE INDEX merchants_agent ON merchants(agent_id);

-- The HMAC secret is sealed with DATA_KEY (AES-GCM): the Worker must read it back to verify signatures.
CREATE TABLE terminals (
  terminal_id   TEXT PRIMARY KEY CHECK (length(terminal_id) = 8),
  merchant_no   TEXT NOT NULL REFERENCES merchants(merchant_no),
  model         TEXT,
  serial_no     TEXT,
  secret_sealed TEXT NOT NULL,
  status        TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  created_at    TEXT NOT NULL
);
CREATE INDEX terminals_merchant ON terminals(merchant_no);

CREATE TABLE people (
  id               TEXT PRIMARY KEY,
  role             TEXT NOT NULL CHECK (role IN ('staff', 'manager', 'agent', 'admin')),
  staff_no         TEXT NOT NULL,
  name             TEXT NOT NULL,
  merchant_no      TEXT REFERENCES merchants(merchant_no),
  agent_id         TEXT REFERENCES agents(agent_id),
  access_code_hash TEXT NOT NULL,
  status           TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  code_issued_at   TEXT NOT NULL,
  created_at       TEXT NOT NULL,
  CHECK ((role IN ('staff', 'manager') AND merchant_no IS NOT NULL AND agent_id IS NULL)
      OR (role = 'agent' AND agent_id IS NOT NULL AND merchant_no IS NULL)
      OR (role = 'admin' AND merchant_no IS NULL AND agent_id IS NULL))
);
-- A staff number is unique within its merchant, its agent, or among admins.
CREATE UNIQUE INDEX people_scope_staff_no
  ON people(coalesce('m:' || merchant_no, 'a:' || agent_id, 'admin'), staff_no);
CREATE INDEX people_merchant ON people(merchant_no);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  person_id  TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_person ON sessions(person_id);

-- Failed sign-ins per account key and per client key, in a fixed window.
CREATE TABLE signin_failures (
  throttle_key  TEXT PRIMARY KEY,
  failures      INTEGER NOT NULL,
  window_start  INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE terminal_nonces (
  terminal_id TEXT NOT NULL,
  nonce       TEXT NOT NULL,
  seen_at     INTEGER NOT NULL,
  PRIMARY KEY (terminal_id, nonce)
) WITHOUT ROWID;
CREATE INDEX terminal_nonces_seen ON terminal_nonces(seen_at);
