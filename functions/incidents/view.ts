import type { Lang } from '../env'
import { t, type MessageKey } from '../i18n'
import type { IncidentRow } from './store'

// Rows -> what callers see. Personal data appears only masked here; the clear view is a separate,
// audited path (see routes: ?reveal=personal).

export interface StoredGuidance { action: string; steps: { key: string; params?: Record<string, string | number> }[]; deadline?: string }

export function guidanceFor(lang: Lang, stored: StoredGuidance) {
  return {
    action: stored.action,
    steps: stored.steps.map((s) => t(lang, s.key as MessageKey, s.params)),
    ...(stored.deadline ? { deadline: stored.deadline } : {}),
  }
}

/** The sale an incident is about, or nulls when a terminal inspection opened it (there is no sale). */
export function saleOf(row: IncidentRow) {
  if (row.source === 'inspection') {
    return { amount: null, amount_direction: null, card: null, card_type: null, settlement: null, trace_no: null, batch_no: null }
  }
  return {
    amount: row.amount, amount_direction: row.amount_direction,
    card: { bin: row.card_bin, last4: row.card_last4, masked: `${row.card_bin ?? '******'}******${row.card_last4}` },
    card_type: row.card_type, settlement: row.settlement, trace_no: row.trace_no, batch_no: row.batch_no,
  }
}

export function toIncident(row: IncidentRow, lang: Lang, now: Date) {
  const guidance = JSON.parse(row.guidance_json) as StoredGuidance
  return {
    id: row.id, status: row.status, kind: row.kind, source: row.source, merchant_no: row.merchant_no, terminal_id: row.terminal_id,
    occurred_at: row.occurred_at, reported_at: row.reported_at, business_day: row.business_day,
    ...saleOf(row), batch_settled: row.batch_settled === 1,
    reference_no: row.reference_no, auth_code: row.auth_code, operator: row.operator,
    cardholder: row.cardholder_masked, cardholder_contacted: row.cardholder_contacted === 1,
    description: row.description, due_by: row.due_by,
    overdue: !!row.due_by && !['resolved', 'closed'].includes(row.status) && row.due_by < now.toISOString(),
    guidance: guidanceFor(lang, guidance),
    amounts: row.amounts_json ? JSON.parse(row.amounts_json) : null,
    reported_by: { kind: row.reported_by_kind, id: row.reported_by },
  }
}

/** 王芳 -> 王*; 13800138000 -> 138****8000. */
export function maskName(name: string): string {
  const chars = [...name.trim()]
  if (chars.length <= 1) return '*'
  return chars[0] + '*'.repeat(Math.min(chars.length - 1, 3))
}

export function maskPhone(phone: string): string {
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****'
}
