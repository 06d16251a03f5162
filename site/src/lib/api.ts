/**
 * The one way the site's islands talk to the Worker: same origin, JSON in and out, the session travels in an
 * HttpOnly cookie the browser attaches by itself. Errors arrive as RFC 9457 problem+json already translated
 * into the language we ask for, so components only place messages; they never translate API errors.
 */

export type Lang = 'zh-CN' | 'en'

export type Role = 'staff' | 'manager' | 'agent' | 'admin'

export interface Me {
  id: string
  role: Role
  name: string
  staff_no: string
  merchant_no: string | null
  agent_id: string | null
  expires_at?: string
}

export interface SignInInput {
  merchant_no?: string
  agent_id?: string
  staff_no: string
  access_code: string
}

export interface Problem {
  type: string
  title: string
  status: number
  detail?: string
  errors?: { path: string; message: string }[]
}

export type ApiResult<T> =
  | { ok: true; status: number; data: T }
  | {
      ok: false
      /** 0 when the request never got an answer (offline, DNS, aborted). */
      status: number
      problem: Problem
      /** Field name (the `path` of each error) -> message(s) to show next to that field. */
      fieldErrors: Record<string, string>
      /** Seconds from `Retry-After`, when the API throttled us. */
      retryAfter?: number
    }

/** The page's language decides the language of API messages; anything not Chinese asks for English. */
export function pageLang(): Lang {
  return document.documentElement.lang.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en'
}

function toFieldErrors(problem: Problem): Record<string, string> {
  const out: Record<string, string> = {}
  for (const { path, message } of problem.errors ?? []) {
    // `unrecognized_keys` names several fields in one path ("a, b"); each gets the message.
    for (const key of path.split(',').map((p) => p.trim())) {
      out[key] = out[key] ? `${out[key]} ${message}` : message
    }
  }
  return out
}

/** The one fetch wrapper; capability clients (api-*.ts) build on it. */
export async function call<T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown, extra: Record<string, string> = {}): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { ...extra, accept: 'application/json', 'accept-language': pageLang() }
  if (body !== undefined) headers['content-type'] = 'application/json'
  let res: Response
  try {
    res = await fetch(path, {
      method, headers, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  } catch {
    return { ok: false, status: 0, problem: { type: 'network', title: '', status: 0 }, fieldErrors: {} }
  }

  const type = res.headers.get('content-type') ?? ''
  const json: unknown = /json/.test(type) ? await res.json().catch(() => undefined) : undefined
  if (res.ok) return { ok: true, status: res.status, data: json as T }

  // A proxy or an outage may answer with HTML; keep the status and leave the wording to the component.
  const problem: Problem = /problem\+json/.test(type) && json && typeof json === 'object'
    ? (json as Problem)
    : { type: 'unexpected', title: res.statusText, status: res.status }
  const retry = Number(res.headers.get('retry-after'))
  return {
    ok: false, status: res.status, problem, fieldErrors: toFieldErrors(problem),
    retryAfter: Number.isFinite(retry) && retry > 0 ? retry : undefined,
  }
}

export const auth = {
  signIn: (input: SignInInput) => call<Me>('POST', '/api/v1/auth/sign-in', input),
  signOut: () => call<null>('POST', '/api/v1/auth/sign-out'),
  me: () => call<Me>('GET', '/api/v1/auth/me'),
}

// Fees: mirrors functions/fees/schema.ts. Amounts are integer fen; rates are percent strings such as "0.6%".

export type Card = 'debit' | 'credit' | 'qr'
export type Settlement = 'T1' | 'D0'
export type MerchantClass = 'standard' | 'preferential' | 'nonprofit'

export interface QuoteInput {
  amount: number
  card: Card
  merchant_rate: string
  /** Debit cards only: cap on the merchant fee per transaction, fen. */
  debit_cap?: number
  settlement?: Settlement
  /** D0 only. */
  d0_rate?: string
  /** D0 only: fixed fee per transaction, fen. */
  d0_fixed?: number
  merchant_class?: MerchantClass
  /** YYYY-MM-DD (Asia/Shanghai); picks the regulatory schedule. Default: today. */
  date?: string
  plan_id?: string
}

export interface Quote {
  amount: number
  merchant_fee: number
  d0_fee: number
  total_fee: number
  net_settlement: number
  /** Four decimals, e.g. "0.6000%". */
  effective_rate: string
  cap_applied: boolean
  /** null for QR payments. `acquirer_fee` is negative when the merchant rate is below cost. */
  breakdown: { issuer_fee: number; network_fee: number; acquirer_fee: number } | null
  schedule: string | null
  /** The computation in plain lines, in the page's language. */
  explanation: string[]
}

export interface ProfitShareInput {
  volume: number
  merchant_rate: string
  /** Top (nearest the acquirer) to bottom (nearest the merchant); 1–10 levels. */
  agents: { id: string; cost_rate: string }[]
}

export interface ProfitShare {
  volume: number
  /** Sum of the rounded shares, fen. */
  total: number
  /** Same order as the request's agents. */
  shares: { id: string; spread_rate: string; profit: number }[]
}

export const fees = {
  quote: (input: QuoteInput) => call<Quote>('POST', '/api/v1/fees/quote', input),
  profitShare: (input: ProfitShareInput) => call<ProfitShare>('POST', '/api/v1/fees/profit-share', input),
}

// Incident desk: mirrors functions/incidents/schema.ts (intake, events, inspections) and view.ts (what the desk reads).
// Amounts are integer fen; times go in as ISO 8601 with offset and come back as UTC ISO strings.

export type IncidentKind = 'wrong_card' | 'wrong_amount' | 'duplicate' | 'declined_but_debited' | 'reversal_failed' | 'suspected_fraud' | 'other'
export type IncidentStatus = 'reported' | 'contacting_cardholder' | 'voided' | 'refunded' | 'reversed' | 'escalated' | 'resolved' | 'closed'
export type IncidentAction = 'void' | 'refund' | 'wait_for_reversal' | 'new_sale_for_difference' | 'stop_and_report_fraud' | 'contact_acquirer'

export const INCIDENT_KINDS: readonly IncidentKind[] = ['wrong_card', 'wrong_amount', 'duplicate', 'declined_but_debited', 'reversal_failed', 'suspected_fraud', 'other']
export const INCIDENT_STATUSES: readonly IncidentStatus[] = ['reported', 'contacting_cardholder', 'voided', 'refunded', 'reversed', 'escalated', 'resolved', 'closed']

/**
 * Which states may follow which: a copy of functions/incidents/lifecycle.ts, so the console offers only legal
 * moves. The API stays the judge: if the two ever differ, its 409 carries `allowed` and the console uses that.
 */
export const NEXT_STATUSES: Record<IncidentStatus, readonly IncidentStatus[]> = {
  reported: ['contacting_cardholder', 'voided', 'refunded', 'reversed', 'escalated', 'resolved'],
  contacting_cardholder: ['voided', 'refunded', 'reversed', 'escalated', 'resolved'],
  voided: ['escalated', 'resolved'],
  refunded: ['refunded', 'escalated', 'resolved'],
  reversed: ['escalated', 'resolved'],
  escalated: ['voided', 'refunded', 'reversed', 'resolved'],
  resolved: ['closed'],
  closed: [],
}

/** A wrong swipe as a person reports it. Only BIN + last 4 of the card: the form never asks for the full number. */
export interface IncidentInput {
  kind: IncidentKind
  /** ISO 8601 with offset, e.g. "2026-11-20T14:30:00+08:00". */
  occurred_at: string
  amount: number
  /** wrong_amount only. */
  amount_direction?: 'too_high' | 'too_low'
  card: { bin?: string; last4: string }
  card_type: 'debit' | 'credit'
  settlement: Settlement
  batch_settled?: boolean
  terminal_id: string
  trace_no: string
  batch_no: string
  reference_no?: string
  auth_code?: string
  operator?: string
  cardholder?: { name?: string; phone?: string }
  cardholder_contacted?: boolean
  description?: string
  /** Percent string; lets the API say what the correction does to the fee. */
  merchant_rate?: string
}

export interface IncidentGuidance {
  action: IncidentAction
  /** In the page's language, in the order they are done. */
  steps: string[]
  /** UTC instant by which the action must be done. */
  deadline?: string
}

export interface IncidentCreated {
  id: string
  status: 'reported'
  merchant_no: string
  terminal_id: string
  occurred_at: string
  reported_at: string
  card: { bin: string | null; last4: string }
  guidance: IncidentGuidance
  fee_effect: {
    correction: 'void' | 'refund' | null
    amount_back: number
    fee_reversed: number | null
    fee_lost: number | null
    known: boolean
    explanation: string[]
  }
}

export interface ResolutionAmounts {
  refunded: number
  fee_reversed: number
  fee_lost: number
  compensation: number
}

export interface Incident {
  id: string
  status: IncidentStatus
  kind: IncidentKind
  /** A reported sale, or a failed terminal inspection: then the sale fields (amount … batch_no) are null. */
  source: 'report' | 'inspection'
  merchant_no: string
  terminal_id: string
  occurred_at: string
  reported_at: string
  /** YYYY-MM-DD, Asia/Shanghai. */
  business_day: string
  amount: number | null
  amount_direction: 'too_high' | 'too_low' | null
  card: { bin: string | null; last4: string; masked: string } | null
  card_type: 'debit' | 'credit' | null
  settlement: Settlement | null
  batch_settled: boolean
  trace_no: string | null
  batch_no: string | null
  reference_no: string | null
  auth_code: string | null
  operator: string | null
  /** Masked ("王* 138****8000"), or null when none was given. */
  cardholder: string | null
  cardholder_contacted: boolean
  description: string | null
  due_by: string | null
  overdue: boolean
  guidance: IncidentGuidance
  amounts: ResolutionAmounts | null
  reported_by: { kind: 'person' | 'terminal'; id: string }
}

export interface IncidentEvent {
  at: string
  actor: { kind: string; id: string; role: string }
  from: IncidentStatus | null
  to: IncidentStatus
  note: string | null
  amounts: ResolutionAmounts | null
}

export interface IncidentDetail extends Incident {
  events: IncidentEvent[]
  /** Only with `reveal: 'personal'` (managers); the API records each such view. */
  cardholder_clear?: { name?: string; phone?: string }
}

export interface IncidentFilter {
  status?: IncidentStatus
  kind?: IncidentKind
  terminal_id?: string
  /** YYYY-MM-DD (Asia/Shanghai), inclusive. */
  from?: string
  to?: string
  overdue?: boolean
  /** Text in the description. */
  q?: string
  cursor?: string
  limit?: number
}

/** The 409 for an illegal move names the states that are allowed from where the incident is now. */
export interface TransitionProblem extends Problem {
  allowed?: IncidentStatus[]
}

export interface Person {
  id: string
  role: Role
  staff_no: string
  name: string
}

/** "?status=reported&overdue=true": only the filters that are set, in a stable order. */
export function incidentQuery(filter: IncidentFilter): string {
  const params = new URLSearchParams()
  for (const key of ['status', 'kind', 'terminal_id', 'from', 'to', 'overdue', 'q', 'cursor', 'limit'] as const) {
    const value = filter[key]
    if (value === undefined || value === '' || value === false) continue
    params.set(key, String(value))
  }
  const text = params.toString()
  return text ? `?${text}` : ''
}

export const incidents = {
  /** The same key and body replay the first answer (a resend after a lost answer files nothing twice). */
  report: (input: IncidentInput, idempotencyKey: string) => call<IncidentCreated>('POST', '/api/v1/incidents', input, { 'idempotency-key': idempotencyKey }),
  list: (filter: IncidentFilter = {}) =>
    call<{ items: Incident[]; next_cursor: string | null }>('GET', `/api/v1/incidents${incidentQuery(filter)}`),
  get: (id: string, opts: { reveal?: 'personal' } = {}) =>
    call<IncidentDetail>('GET', `/api/v1/incidents/${encodeURIComponent(id)}${opts.reveal ? '?reveal=personal' : ''}`),
  move: (id: string, event: { to: IncidentStatus; note?: string; amounts?: ResolutionAmounts }) =>
    call<Incident>('POST', `/api/v1/incidents/${encodeURIComponent(id)}/events`, event),
  facts: (id: string, facts: { batch_settled?: boolean; cardholder_contacted?: boolean }) =>
    call<Incident>('POST', `/api/v1/incidents/${encodeURIComponent(id)}/facts`, facts),
  weekly: () => call<{ weeks: { week: string; kind: IncidentKind; count: number }[] }>('GET', '/api/v1/incidents/stats/weekly'),
  /** A plain link (the browser downloads it with the session cookie); cursor and limit do not apply. */
  exportUrl: (filter: IncidentFilter = {}) =>
    `/api/v1/incidents/export.csv${incidentQuery({ ...filter, cursor: undefined, limit: undefined })}`,
  /** The merchant's people (managers only), to show who did what in a timeline. */
  people: (merchantNo: string) => call<{ people: Person[] }>('GET', `/api/v1/merchants/${encodeURIComponent(merchantNo)}/people`),
}

export type InspectionItem = 'seals' | 'screws' | 'wiring' | 'overlay' | 'card_slot' | 'keypad'
export const INSPECTION_ITEMS: readonly InspectionItem[] = ['seals', 'screws', 'wiring', 'overlay', 'card_slot', 'keypad']

export interface InspectionInput {
  terminal_id: string
  items: Record<InspectionItem, { result: 'pass' | 'fail'; note?: string }>
  /** As read off the device's label. */
  serial_no_read: string
}

export interface InspectionResult {
  id: string
  terminal_id: string
  inspected_at: string
  passed: boolean
  failures: { item: InspectionItem; note?: string }[]
  /** match; mismatch with the inventory; not_on_file when the inventory has none to compare. */
  serial: 'match' | 'mismatch' | 'not_on_file'
  /** The suspected-fraud incident a failed inspection opened. */
  incident: { id: string; guidance: IncidentGuidance } | null
}

export interface TerminalInspectionStatus {
  terminal_id: string
  model: string | null
  serial_no: string | null
  last_inspection: { id: string; at: string; passed: boolean; serial_matches: boolean; incident_id: string | null } | null
  overdue: boolean
}

export const inspections = {
  /** The same key and body replay the first answer (a resend records nothing twice). */
  submit: (input: InspectionInput, idempotencyKey: string) => call<InspectionResult>('POST', '/api/v1/inspections', input, { 'idempotency-key': idempotencyKey }),
  /** Every terminal of the caller's merchant with its last inspection; staff and managers. */
  status: () => call<{ terminals: TerminalInspectionStatus[] }>('GET', '/api/v1/inspections/status'),
}
