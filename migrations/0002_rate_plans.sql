-- Rate plans (费率方案) with immutable, dated versions; which plan each agent works under; agent
-- profit-share statements (分润报表) with their per-merchant lines and the terminal activation ledger.
-- Regulatory fee schedules are not here: they are code data in functions/fees/schedules.ts (see there).

-- One row per version. `body` is the plan as validated by zod on write (rates as "0.6%" strings).
-- A version is never updated or deleted: a statement names the versions it used, so changing one would
-- rewrite history. New terms are a new version with a later effective_from.
CREATE TABLE rate_plans (
  plan_id        TEXT NOT NULL,
  version        INTEGER NOT NULL CHECK (version >= 1),
  effective_from TEXT NOT NULL,            -- YYYY-MM-DD, Asia/Shanghai
  name           TEXT NOT NULL,
  body           TEXT NOT NULL CHECK (json_valid(body)),
  created_at     TEXT NOT NULL,
  PRIMARY KEY (plan_id, version),
  UNIQUE (plan_id, effective_from)
) WITHOUT ROWID;

CREATE TRIGGER rate_plans_immutable_update BEFORE UPDATE ON rate_plans BEGIN SELECT RAISE(ABORT, 'rate plan versions are immutable'); END;
CREATE TRIGGER rate_plans_immutable_delete BEFORE DELETE ON rate_plans BEGIN SELECT RAISE(ABORT, 'rate plan versions are immutable'); END;

-- The plan an agent works under. An agent without a row uses its nearest ancestor's plan. Kept beside
-- agents rather than as a column on them so accounts stay unaware of fees.
CREATE TABLE agent_rate_plans (
  agent_id    TEXT PRIMARY KEY REFERENCES agents(agent_id),
  plan_id     TEXT NOT NULL,
  assigned_at TEXT NOT NULL
) WITHOUT ROWID;

-- A statement is a snapshot: it keeps its totals, per-agent shares and the plan versions it used as JSON,
-- and its per-merchant lines as rows (there can be thousands). Nothing here is updated after the insert.
CREATE TABLE statements (
  id           TEXT PRIMARY KEY,
  agent_id     TEXT NOT NULL REFERENCES agents(agent_id),
  month        TEXT NOT NULL,               -- YYYY-MM
  created_at   TEXT NOT NULL,
  created_by   TEXT NOT NULL,               -- 'admin' or the person id of the agent
  summary      TEXT NOT NULL CHECK (json_valid(summary))
);
CREATE INDEX statements_agent_month ON statements(agent_id, month, created_at);

-- One line per merchant, card, settlement and plan version. Money in fen.
CREATE TABLE statement_lines (
  statement_id  TEXT NOT NULL REFERENCES statements(id),
  line_no       INTEGER NOT NULL,
  merchant_no   TEXT NOT NULL,
  agent_id      TEXT NOT NULL,              -- the merchant's own agent
  card          TEXT NOT NULL,
  settlement    TEXT NOT NULL,
  plan_id       TEXT NOT NULL,
  plan_version  INTEGER NOT NULL,
  sales         INTEGER NOT NULL,
  voids         INTEGER NOT NULL,
  refunds       INTEGER NOT NULL,
  sales_volume  INTEGER NOT NULL,
  refund_volume INTEGER NOT NULL,
  volume        INTEGER NOT NULL,
  merchant_fee  INTEGER NOT NULL,
  d0_fee        INTEGER NOT NULL,
  capped        INTEGER NOT NULL,
  profit        INTEGER NOT NULL,           -- everything the statement's agent and those below it earn on the line
  shares        TEXT NOT NULL,              -- JSON [{agent_id, profit}], top to bottom
  PRIMARY KEY (statement_id, line_no)
) WITHOUT ROWID;

-- Activation-reward ledger: the state of a terminal after a statement, written only where it changed.
-- The next month's statement of the same agent starts from the latest state of each terminal.
CREATE TABLE statement_terminals (
  statement_id TEXT NOT NULL REFERENCES statements(id),
  terminal_id  TEXT NOT NULL,
  merchant_no  TEXT NOT NULL,
  status       TEXT NOT NULL CHECK (status IN ('pending', 'activated', 'kept', 'clawed_back', 'expired')),
  state        TEXT NOT NULL CHECK (json_valid(state)),
  PRIMARY KEY (statement_id, terminal_id)
) WITHOUT ROWID;
CREATE INDEX statement_terminals_terminal ON statement_terminals(terminal_id);
