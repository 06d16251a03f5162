// D1 access for incidents, their events, personal-data views and terminal inspections.

import { NOTHING_DUE } from './lifecycle'

export interface IncidentRow {
  id: string; merchant_no: string; terminal_id: string; kind: string; status: string
  occurred_at: string; reported_at: string; business_day: string; amount: number; amount_direction: string | null
  card_bin: string | null; card_last4: string; card_type: string; settlement: string; batch_settled: number
  trace_no: string; batch_no: string; reference_no: string | null; auth_code: string | null; operator: string | null
  cardholder_sealed: string | null; cardholder_masked: string | null; cardholder_contacted: number
  description: string | null; action: string; guidance_json: string; due_by: string | null
  reported_by_kind: 'terminal' | 'person'; reported_by: string; amounts_json: string | null; updated_at: string
  source: IncidentSource
}

/** A reported sale, or a failed terminal inspection (which has no sale: see migrations/0005). */
export type IncidentSource = 'report' | 'inspection'

export interface EventRow {
  id: string; incident_id: string; at: string; actor_kind: string; actor_id: string; actor_role: string
  from_status: string | null; to_status: string; note: string | null; amounts_json: string | null
}

const INCIDENT_COLUMNS = [
  'id', 'merchant_no', 'terminal_id', 'kind', 'status', 'occurred_at', 'reported_at', 'business_day', 'amount', 'amount_direction',
  'card_bin', 'card_last4', 'card_type', 'settlement', 'batch_settled', 'trace_no', 'batch_no', 'reference_no', 'auth_code', 'operator',
  'cardholder_sealed', 'cardholder_masked', 'cardholder_contacted', 'description', 'action', 'guidance_json', 'due_by',
  'reported_by_kind', 'reported_by', 'amounts_json', 'updated_at', 'source',
] as const satisfies readonly (keyof IncidentRow)[]

export function insertIncident(db: D1Database, row: IncidentRow): D1PreparedStatement {
  const params = INCIDENT_COLUMNS.map((_, i) => `?${i + 1}`).join(', ')
  return db.prepare(`INSERT INTO incidents (${INCIDENT_COLUMNS.join(', ')}) VALUES (${params})`).bind(...INCIDENT_COLUMNS.map((c) => row[c]))
}

export function insertEvent(db: D1Database, e: EventRow): D1PreparedStatement {
  return db.prepare(`INSERT INTO incident_events (id, incident_id, at, actor_kind, actor_id, actor_role, from_status, to_status, note, amounts_json)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)`)
    .bind(e.id, e.incident_id, e.at, e.actor_kind, e.actor_id, e.actor_role, e.from_status, e.to_status, e.note, e.amounts_json)
}

export function findIncident(db: D1Database, id: string) {
  return db.prepare(`SELECT ${INCIDENT_COLUMNS.join(', ')} FROM incidents WHERE id = ?1`).bind(id).first<IncidentRow>()
}

export async function listEvents(db: D1Database, incidentId: string): Promise<EventRow[]> {
  const { results } = await db.prepare('SELECT * FROM incident_events WHERE incident_id = ?1 ORDER BY at, id').bind(incidentId).all<EventRow>()
  return results
}

/**
 * Status change guarded by the status we read (optimistic concurrency): if someone else moved the incident
 * meanwhile, no row changes and the caller answers 409.
 */
export interface ChangedFacts { batchSettled?: boolean; cardholderContacted?: boolean }

export function updateStatus(db: D1Database, id: string, from: string, to: string, at: string, guidance: { action: string; json: string; due_by: string | null } | null, amountsJson: string | null, facts: ChangedFacts = {}): D1PreparedStatement {
  const flag = (v: boolean | undefined) => (v === undefined ? null : v ? 1 : 0)
  return db.prepare(`UPDATE incidents SET status = ?3, updated_at = ?4,
      action = coalesce(?5, action), guidance_json = coalesce(?6, guidance_json), due_by = CASE WHEN ?5 IS NULL THEN due_by ELSE ?7 END,
      amounts_json = coalesce(?8, amounts_json), batch_settled = coalesce(?9, batch_settled), cardholder_contacted = coalesce(?10, cardholder_contacted)
    WHERE id = ?1 AND status = ?2`)
    .bind(id, from, to, at, guidance?.action ?? null, guidance?.json ?? null, guidance?.due_by ?? null, amountsJson, flag(facts.batchSettled), flag(facts.cardholderContacted))
}

export interface IncidentFilter {
  merchantNo?: string; status?: string; kind?: string; terminalId?: string; reportedBy?: string
  from?: string; to?: string; overdueAt?: string; q?: string
  cursor?: { reported_at: string; id: string }; limit: number
}

/** Newest first, keyset pagination on (reported_at, id). Every filter is a bound parameter. */
export async function listIncidents(db: D1Database, f: IncidentFilter): Promise<IncidentRow[]> {
  const where: string[] = []
  const params: unknown[] = []
  const add = (sql: string, value: unknown) => { params.push(value); where.push(sql.replace('?', `?${params.length}`)) }
  if (f.merchantNo) add('merchant_no = ?', f.merchantNo)
  if (f.status) add('status = ?', f.status)
  if (f.kind) add('kind = ?', f.kind)
  if (f.terminalId) add('terminal_id = ?', f.terminalId)
  if (f.reportedBy) add('reported_by = ?', f.reportedBy)
  if (f.from) add('occurred_at >= ?', f.from)
  if (f.to) add('occurred_at < ?', f.to)
  if (f.overdueAt) add(`due_by IS NOT NULL AND status NOT IN (${NOTHING_DUE.map((st) => `'${st}'`).join(', ')}) AND due_by < ?`, f.overdueAt)
  if (f.q) add("description LIKE ? ESCAPE '\\'", `%${f.q.replace(/[\\%_]/g, (ch) => '\\' + ch)}%`)
  if (f.cursor) {
    params.push(f.cursor.reported_at, f.cursor.id)
    where.push(`(reported_at < ?${params.length - 1} OR (reported_at = ?${params.length - 1} AND id < ?${params.length}))`)
  }
  params.push(f.limit)
  const sql = `SELECT ${INCIDENT_COLUMNS.join(', ')} FROM incidents ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
    ORDER BY reported_at DESC, id DESC LIMIT ?${params.length}`
  const { results } = await db.prepare(sql).bind(...params).all<IncidentRow>()
  return results
}

export function recordPersonalDataView(db: D1Database, id: string, incidentId: string, viewerKind: string, viewerId: string, at: string): D1PreparedStatement {
  return db.prepare('INSERT INTO personal_data_views (id, incident_id, viewer_kind, viewer_id, at) VALUES (?1, ?2, ?3, ?4, ?5)').bind(id, incidentId, viewerKind, viewerId, at)
}

export async function weeklyCounts(db: D1Database, scope: { merchantNo?: string; reportedBy?: string }, since: string) {
  // Weeks start on Monday in Asia/Shanghai; business_day is already the Shanghai date.
  const { results } = await db.prepare(`SELECT date(business_day, '-' || ((CAST(strftime('%w', business_day) AS INTEGER) + 6) % 7) || ' days') AS week, kind, count(*) AS n
    FROM incidents WHERE (?1 IS NULL OR merchant_no = ?1) AND (?3 IS NULL OR reported_by = ?3) AND business_day >= ?2 GROUP BY week, kind ORDER BY week`)
    .bind(scope.merchantNo ?? null, since, scope.reportedBy ?? null).all<{ week: string; kind: string; n: number }>()
  return results
}

export interface InspectionRow {
  id: string; terminal_id: string; merchant_no: string; inspected_at: string; inspected_by: string
  items_json: string; serial_no_read: string; serial_matches: number; passed: number; incident_id: string | null
}

export function insertInspection(db: D1Database, r: InspectionRow): D1PreparedStatement {
  return db.prepare(`INSERT INTO terminal_inspections (id, terminal_id, merchant_no, inspected_at, inspected_by, items_json, serial_no_read, serial_matches, passed, incident_id)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)`)
    .bind(r.id, r.terminal_id, r.merchant_no, r.inspected_at, r.inspected_by, r.items_json, r.serial_no_read, r.serial_matches, r.passed, r.incident_id)
}

/** Each terminal of the merchant with its latest inspection (if any). */
export async function lastInspections(db: D1Database, merchantNo: string) {
  const { results } = await db.prepare(`SELECT t.terminal_id, t.model, t.serial_no, i.id AS inspection_id, i.inspected_at, i.passed, i.serial_matches, i.incident_id
    FROM terminals t LEFT JOIN terminal_inspections i ON i.id = (
      SELECT id FROM terminal_inspections WHERE terminal_id = t.terminal_id ORDER BY inspected_at DESC LIMIT 1)
    WHERE t.merchant_no = ?1 ORDER BY t.terminal_id`).bind(merchantNo).all<{
      terminal_id: string; model: string | null; serial_no: string | null; inspection_id: string | null
      inspected_at: string | null; passed: number | null; serial_matches: number | null; incident_id: string | null }>()
  return results
}

/** The event for a guarded update: inserted only when the UPDATE just before it (same batch) changed a row. */
export function insertEventIfChanged(db: D1Database, e: EventRow): D1PreparedStatement {
  return db.prepare(`INSERT INTO incident_events (id, incident_id, at, actor_kind, actor_id, actor_role, from_status, to_status, note, amounts_json)
    SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10 WHERE changes() > 0`)
    .bind(e.id, e.incident_id, e.at, e.actor_kind, e.actor_id, e.actor_role, e.from_status, e.to_status, e.note, e.amounts_json)
}

export async function listTerminalIncidents(db: D1Database, terminalId: string, limit: number): Promise<IncidentRow[]> {
  const { results } = await db.prepare(`SELECT ${INCIDENT_COLUMNS.join(', ')} FROM incidents WHERE terminal_id = ?1 ORDER BY reported_at DESC LIMIT ?2`)
    .bind(terminalId, limit).all<IncidentRow>()
  return results
}
