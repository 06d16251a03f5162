import { z } from '@hono/zod-openapi'
import { findTerminalWithSecret } from '../accounts/store'
import type { Lang, Principal } from '../env'
import { adjustFee, type Adjustment } from '../fees/adjustment'
import { FeeRuleError } from '../fees/errors'
import { Rate } from '../fees/schema'
import { problems, type FieldError } from '../http/problem'
import { toFieldError } from '../http/validation'
import { t } from '../i18n'
import { newId } from '../ids'
import { seal, type DataKey } from '../security/sealed'
import { businessDay } from '../time/business-day'
import { forbiddenCardFields } from './card'
import { decideResolution, type Guidance } from './guidance'
import { IncidentIntake, IncidentIntakeFields } from './schema'
import type { IncidentRow, IncidentSource } from './store'
import { insertEvent, insertIncident } from './store'
import { guidanceFor, maskName, maskPhone } from './view'

// One incident from a terminal or a person: refuse card secrets, validate, reduce the card, decide the
// guidance, seal contact data, and build the rows + the response. Nothing touches D1 here except the
// terminal lookup; the caller commits the statements in one batch (with the idempotency key).

/** The merchant's rate, when the caller knows it, lets us say what the correction does to the fee. */
export const IntakeBody = IncidentIntake.and(z.object({ merchant_rate: Rate.optional() }))
const ACCEPTED_KEYS = new Set([...Object.keys(IncidentIntakeFields.shape), 'merchant_rate'])

export interface PreparedIncident { statements: D1PreparedStatement[]; body: Record<string, unknown>; row: IncidentRow }

/** 400 for card secrets and unknown fields, before the body is parsed any further. */
export function refuseUnsafeFields(raw: unknown, prefix = ''): void {
  const errors: FieldError[] = forbiddenCardFields(raw).map((path) => ({ path: prefix + path, message: 'incidents.field.forbidden_card_data' }))
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    for (const key of Object.keys(raw)) if (!ACCEPTED_KEYS.has(key) && !errors.some((e) => e.path === prefix + key)) errors.push({ path: prefix + key, message: 'validation.unrecognized_keys' })
  }
  if (errors.length) throw problems.validation(errors)
}

/** Where an incident comes from and how to word it. */
export interface IntakeContext {
  lang: Lang
  now: Date
  /** Put before every error path: an item of a batch names itself ("items.3."). */
  prefix?: string
  /** 'inspection': opened by a failed terminal inspection, with no sale behind it (its sale fields are filler). */
  source?: IncidentSource
}

export async function prepareIncident(db: D1Database, key: DataKey, principal: Principal, raw: unknown, { lang, now, prefix = '', source = 'report' }: IntakeContext): Promise<PreparedIncident> {
  refuseUnsafeFields(raw, prefix)
  const parsed = IntakeBody.safeParse(raw)
  if (!parsed.success) throw problems.validation(parsed.error.issues.map((i) => { const e = toFieldError(i); return { ...e, path: prefix + e.path } }))
  const input = parsed.data

  // The merchant comes from who is calling; a terminal speaks only for itself, a person for their merchant.
  if (principal.kind === 'admin') throw problems.forbidden('incidents.admin_cannot_report')
  const terminalId = input.terminal_id.toUpperCase()
  const terminal = await findTerminalWithSecret(db, terminalId)
  const merchantNo = principal.merchantNo
  if (principal.kind === 'terminal' && principal.terminalId !== terminalId) throw problems.forbidden('incidents.other_terminal')
  if (!terminal || terminal.merchant_no !== merchantNo) throw problems.forbidden('incidents.terminal_not_yours', { terminal_id: terminalId })

  // A clock far ahead is a terminal set wrong; the business day and the void window depend on it.
  if (Date.parse(input.occurred_at) > now.getTime() + 10 * 60_000) throw problems.validation([{ path: prefix + 'occurred_at', message: 'incidents.occurred_in_future' }])
  // A terminal a few minutes fast has its sale "after" our clock: judge as of the sale, not before it
  // (else a sale at 00:03 on its clock, 23:58 on ours, would lose its void to "an earlier day").
  const asOf = new Date(Math.max(now.getTime(), Date.parse(input.occurred_at)))
  const guidance = decideResolution(input, asOf)
  const feeEffect = feeEffectOf(input, guidance, asOf, lang)
  const id = newId('inc')
  const reportedAt = now.toISOString()
  const holder = input.cardholder
  const row: IncidentRow = {
    id, merchant_no: terminal.merchant_no, terminal_id: terminalId, kind: input.kind, status: 'reported',
    occurred_at: new Date(input.occurred_at).toISOString(), reported_at: reportedAt, business_day: businessDay(new Date(input.occurred_at)),
    amount: input.amount, amount_direction: input.amount_direction ?? null, card_bin: input.card.bin ?? null, card_last4: input.card.last4,
    card_type: input.card_type, settlement: input.settlement, batch_settled: input.batch_settled ? 1 : 0,
    trace_no: input.trace_no, batch_no: input.batch_no, reference_no: input.reference_no ?? null, auth_code: input.auth_code ?? null, operator: input.operator ?? null,
    cardholder_sealed: holder && (holder.name || holder.phone) ? await seal(JSON.stringify(holder), key) : null,
    cardholder_masked: holder && (holder.name || holder.phone) ? [holder.name && maskName(holder.name), holder.phone && maskPhone(holder.phone)].filter(Boolean).join(' ') : null,
    cardholder_contacted: input.cardholder_contacted ? 1 : 0, description: input.description ?? null,
    action: guidance.action, guidance_json: JSON.stringify(guidance), due_by: guidance.deadline ?? null,
    reported_by_kind: principal.kind === 'terminal' ? 'terminal' : 'person', reported_by: principal.kind === 'terminal' ? principal.terminalId : principal.personId,
    amounts_json: null, updated_at: reportedAt, source,
  }
  const actor = principal.kind === 'terminal' ? { kind: 'terminal', id: principal.terminalId, role: 'terminal' } : { kind: 'person', id: principal.personId, role: principal.role }
  const statements = [
    insertIncident(db, row),
    insertEvent(db, { id: newId('evt'), incident_id: id, at: reportedAt, actor_kind: actor.kind, actor_id: actor.id, actor_role: actor.role, from_status: null, to_status: 'reported', note: null, amounts_json: null }),
  ]
  const body = {
    id, status: 'reported', merchant_no: row.merchant_no, terminal_id: terminalId, occurred_at: row.occurred_at, reported_at: reportedAt,
    card: { bin: row.card_bin, last4: row.card_last4 }, guidance: guidanceFor(lang, guidance), fee_effect: feeEffect,
  }
  return { statements, body, row }
}

/** What the recommended correction does to the money, via the fees capability's adjustFee. */
function feeEffectOf(input: z.output<typeof IntakeBody>, guidance: Guidance, now: Date, lang: Lang) {
  const correction = guidance.action === 'void' ? 'void' : guidance.action === 'refund' ? 'refund' : null
  if (!correction) return { correction: null, amount_back: 0, fee_reversed: 0, fee_lost: 0, known: true, explanation: [] as string[] }
  // A wrong amount keyed too high gets the whole sale voided, or refunded; the difference is re-swiped.
  // Too much charged and past the void window: only the difference goes back, and we do not know the right amount.
  if (correction === 'refund' && input.kind === 'wrong_amount') {
    return { correction, amount_back: null, fee_reversed: null, fee_lost: null, known: false, explanation: [t(lang, 'incidents.fee_effect.difference_unknown')] }
  }
  if (input.merchant_rate === undefined) {
    return { correction, amount_back: input.amount, fee_reversed: null, fee_lost: null, known: false, explanation: [t(lang, 'incidents.fee_effect.rate_unknown')] }
  }
  try {
    const a: Adjustment = adjustFee(
      { amount: input.amount, card: input.card_type, merchant_rate: input.merchant_rate, settlement: input.settlement, occurred_at: input.occurred_at, batch_settled: !!input.batch_settled },
      { type: correction, at: now.toISOString() },
    )
    return { correction: a.action, amount_back: a.amount_back, fee_reversed: a.fee_reversed, fee_lost: a.fee_lost, known: true, explanation: a.explanation.map((l) => t(lang, l.key, l.params)) }
  } catch (err) {
    if (err instanceof FeeRuleError) throw problems.unprocessable(err.violations)
    throw err
  }
}

