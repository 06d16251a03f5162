import { z } from '@hono/zod-openapi'
import { TerminalId } from '../accounts/schema'
import { MAX_AMOUNT_FEN } from '../fees/money'
import { reduceCardNumber, redactCardNumbers } from './card'
import { ACTIONS, AMOUNT_DIRECTIONS, INCIDENT_KINDS, SETTLEMENTS } from './guidance'
import { INCIDENT_STATUSES } from './lifecycle'

// Request contracts of the incident desk. Custom `error` values are i18n keys (functions/i18n/*/incidents.ts);
// only the checks carry them, so a missing field still reads "required" and a wrong type "wrong type".
// Card data never leaves this file in clear: `card_number` comes out as BIN + last 4 and free text comes
// out with card numbers redacted. CVV/PIN/track/expiry keys are refused earlier by forbiddenCardFields.

/** Free text a person typed: length-checked as sent, card numbers redacted on the way in. */
const FreeText = (max: number) => z.string().max(max).transform((text) => redactCardNumbers(text).text)

const Amount = z.number().int({ error: 'incidents.field.amount' }).min(1, { error: 'incidents.field.amount' }).max(MAX_AMOUNT_FEN, { error: 'incidents.field.amount' })
  .openapi({ example: 10_000, description: 'fen (分), 1 … 10^12' })
const Fen = z.number().int({ error: 'incidents.field.fen' }).min(0, { error: 'incidents.field.fen' }).max(MAX_AMOUNT_FEN, { error: 'incidents.field.fen' })
  .openapi({ example: 0, description: 'fen (分), 0 … 10^12' })

export const IncidentKind = z.enum(INCIDENT_KINDS).openapi({
  description: 'wrong_card 刷错卡, wrong_amount 金额错, duplicate 重复扣款, declined_but_debited 失败但扣款, reversal_failed 冲正不成功, suspected_fraud 疑似欺诈, other',
})
export const IncidentStatus = z.enum(INCIDENT_STATUSES)
export const Action = z.enum(ACTIONS)

export const MaskedCardInput = z.object({
  bin: z.string().regex(/^\d{6}$/, { error: 'incidents.field.bin' }).optional().openapi({ example: '622202', description: 'First 6 digits (BIN)' }),
  last4: z.string().regex(/^\d{4}$/, { error: 'incidents.field.last4' }).openapi({ example: '0123', description: 'Last 4 digits' }),
}).openapi({ description: 'The card as we keep it: BIN and last 4, never the full number' })

/** The full number a person may type instead of `card`; parsed straight into BIN + last 4. */
const CardNumber = z.string().max(40).transform((text, ctx) => {
  const reduced = reduceCardNumber(text)
  if ('error' in reduced) {
    ctx.issues.push({ code: 'custom', message: reduced.error, input: undefined })
    return z.NEVER
  }
  return reduced
}).openapi({ type: 'string', description: '13–19 digits, spaces or dashes allowed, must pass Luhn. Kept as BIN + last 4 only; never stored or echoed.' })

const Phone = z.string().max(32).transform((text) => text.normalize('NFKC').replace(/[\s-]/g, '').replace(/^(\+86|0086)/, ''))
  .pipe(z.string().regex(/^1[3-9]\d{9}$/, { error: 'incidents.field.phone' }))
  .openapi({ type: 'string', example: '13800138000', description: 'Mainland mobile, 11 digits (+86, spaces and dashes ignored)' })

/** The fields of the intake body, before the card is settled; `.shape` lists the keys the route accepts. */
export const IncidentIntakeFields = z.object({
  kind: IncidentKind,
  // A function, so a missing time still reads "required" rather than "wrong format".
  occurred_at: z.iso.datetime({ offset: true, error: (issue) => (issue.input === undefined ? undefined : 'incidents.field.occurred_at') }).openapi({ example: '2026-11-20T14:30:00+08:00', description: 'When the sale happened, ISO 8601 with offset (may be days old from an offline terminal)' }),
  amount: Amount,
  amount_direction: z.enum(AMOUNT_DIRECTIONS).optional().openapi({ description: 'wrong_amount only: too_high (default) gets money back, too_low gets a new sale for the difference' }),
  card: MaskedCardInput.optional(),
  card_number: CardNumber.optional(),
  card_type: z.enum(['debit', 'credit']).openapi({ description: 'debit 借记卡, credit 贷记卡' }),
  settlement: z.enum(SETTLEMENTS).openapi({ description: 'T1 next working day; D0 same day (秒到) — D0 sales cannot be voided' }),
  batch_settled: z.boolean().optional().openapi({ description: 'The batch holding the sale has been settled (结算); default false' }),
  terminal_id: TerminalId,
  trace_no: z.string().regex(/^(?!000000)\d{6}$/, { error: 'incidents.field.trace_no' }).openapi({ example: '000123', description: '凭证号 voucher/trace no. (DE11), 000001–999999' }),
  batch_no: z.string().regex(/^\d{6}$/, { error: 'incidents.field.batch_no' }).openapi({ example: '000042', description: '批次号, 6 digits' }),
  reference_no: z.string().regex(/^[A-Za-z0-9]{12}$/, { error: 'incidents.field.reference_no' }).optional().openapi({ example: '123456789012', description: '参考号 (DE37), 12 letters or digits' }),
  auth_code: z.string().regex(/^[A-Za-z0-9]{6}$/, { error: 'incidents.field.auth_code' }).optional().openapi({ example: 'A1B2C3', description: '授权码 (DE38), 6 letters or digits' }),
  operator: z.string().regex(/^[A-Za-z0-9]{1,8}$/, { error: 'incidents.field.operator' }).optional().openapi({ example: '01', description: '操作员号, 1–8 letters or digits' }),
  cardholder: z.object({
    name: z.string().trim().min(1).max(64).transform((text) => redactCardNumbers(text).text).optional().openapi({ example: '王芳' }),
    phone: Phone.optional(),
  }).optional().openapi({ description: 'Encrypted at rest, masked in lists' }),
  cardholder_contacted: z.boolean().optional(),
  description: FreeText(2000).optional().openapi({ example: '顾客递来两张卡，刷了另一张。', description: 'Up to 2000 characters; card numbers are redacted before storage' }),
})

/**
 * The intake body as the route uses it: `card` is always there (given, or reduced from `card_number`),
 * and `card_number` is gone.
 */
export const IncidentIntake = IncidentIntakeFields
  .refine((b) => b.card !== undefined || b.card_number !== undefined, {
    path: ['card'], error: 'incidents.field.card_required',
    // Report a missing card together with every other bad field, not after they are fixed.
    when: (payload) => typeof payload.value === 'object' && payload.value !== null,
  })
  .transform(({ card_number: reduced, card, ...rest }, ctx) => {
    if (reduced && card && (card.last4 !== reduced.last4 || (card.bin !== undefined && card.bin !== reduced.bin))) {
      ctx.issues.push({ code: 'custom', path: ['card'], message: 'incidents.field.card_mismatch', input: undefined })
      return z.NEVER
    }
    return { ...rest, card: (reduced ?? card)! }
  })
  .openapi('IncidentIntake')

export const ResolutionAmounts = z.strictObject({
  refunded: Fen, fee_reversed: Fen, fee_lost: Fen, compensation: Fen,
}).openapi('ResolutionAmounts', { description: 'Money at resolution, fen: back to the card, fee returned, fee lost, compensation paid' })

export const IncidentEventRequest = z.strictObject({
  to: IncidentStatus,
  note: FreeText(2000).optional(),
  amounts: ResolutionAmounts.optional(),
}).refine((e) => e.to !== 'resolved' || e.amounts !== undefined, { path: ['amounts'], error: 'incidents.amounts.required' })
  .openapi('IncidentEventRequest')

const ItemCheck = z.strictObject({
  result: z.enum(['pass', 'fail']),
  note: FreeText(500).optional(),
})

export const InspectionRequest = z.strictObject({
  terminal_id: TerminalId,
  items: z.strictObject({ seals: ItemCheck, screws: ItemCheck, wiring: ItemCheck, overlay: ItemCheck, card_slot: ItemCheck, keypad: ItemCheck })
    .openapi({ description: 'Every checklist item, pass or fail, with an optional note' }),
  serial_no_read: z.string().trim().min(1).max(64).openapi({ example: 'N910SN00012345', description: 'Serial number as read off the device label' }),
}).openapi('InspectionRequest')

export const GuidanceView = z.object({
  action: Action,
  steps: z.array(z.string()).openapi({ description: 'What the cashier does, in order, in the request language' }),
  deadline: z.string().optional().openapi({ description: 'UTC instant by which the action must be done' }),
}).openapi('IncidentGuidance')

export type IncidentIntakeInput = z.input<typeof IncidentIntake>
export type IncidentIntake = z.output<typeof IncidentIntake>
export type IncidentEventRequest = z.output<typeof IncidentEventRequest>
export type InspectionRequest = z.output<typeof InspectionRequest>
