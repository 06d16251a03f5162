import { z } from '@hono/zod-openapi'
import { MAX_AMOUNT_FEN, parseRate, RateError } from './money'

// Money is integer fen; rates are percent strings parsed here to ppm, so handlers and domain get numbers.
// Custom `error` values are i18n message keys (functions/i18n/*/fees.ts).

/** "0.6%" in, 6000 (ppm) out; a bad rate is a 400 naming the field with why it is bad. */
export const Rate = z.string()
  .openapi({ example: '0.6%', pattern: '^\d+(\.\d{1,4})?%$', description: 'Percent with a % sign, at most 4 decimals (0.0001 % = 1 ppm), 0–100 %' })
  .transform((text, ctx) => {
    try {
      return parseRate(text)
    } catch (err) {
      if (!(err instanceof RateError)) throw err
      ctx.issues.push({ code: 'custom', message: `fees.rate.${err.reason}`, input: text })
      return z.NEVER
    }
  })

export const Amount = z.number().int().min(1).max(MAX_AMOUNT_FEN).openapi({ example: 1_000_000, description: 'fen (分), 1 … 10^12' })
export const Fen = z.number().int().min(0).max(MAX_AMOUNT_FEN).openapi({ example: 0, description: 'fen (分), 0 … 10^12' })
const Card = z.enum(['debit', 'credit', 'qr']).openapi({ description: 'debit 借记卡, credit 贷记卡, qr 扫码' })
const Settlement = z.enum(['T1', 'D0']).openapi({ description: 'T1 next working day (default); D0 same day, surcharged' })
const IsoDateTime = z.iso.datetime({ offset: true, error: 'fees.field.datetime' }).openapi({ example: '2026-11-20T14:30:00+08:00' })

/** The pricing of one sale; shared by quotes and by the original sale of an adjustment. */
const pricing = {
  amount: Amount,
  card: Card,
  merchant_rate: Rate,
  debit_cap: Fen.optional().openapi({ example: 2500, description: 'Cap on the merchant fee per debit transaction, fen' }),
  settlement: Settlement.optional(),
  d0_rate: Rate.optional().openapi({ example: '0.05%', description: 'D0 only: extra rate' }),
  d0_fixed: Fen.optional().openapi({ example: 200, description: 'D0 only: fixed fee per transaction, fen' }),
}

export const QuoteRequest = z.strictObject({
  ...pricing,
  merchant_rate: Rate.optional().openapi({ example: '0.6%', description: 'Required unless plan_id is given (then the plan’s rate for the card is used)' }),
  merchant_class: z.enum(['standard', 'preferential', 'nonprofit']).optional()
    .openapi({ description: 'Regulatory class: standard; preferential (supermarkets, fuel, utilities, transport tickets); nonprofit (issuer and network fees waived)' }),
  date: z.iso.date({ error: 'fees.field.date' }).optional().openapi({ example: '2026-11-20', description: 'Date of the sale (Asia/Shanghai); picks the fee schedule. Default: today' }),
  plan_id: z.string().min(1).max(64).optional().openapi({ description: 'A stored rate plan: its version in force on `date` gives the merchant rate, debit cap and D0 pricing, overriding those fields here. Unknown plan: 422' }),
}).refine((q) => q.plan_id !== undefined || q.merchant_rate !== undefined, { error: 'validation.required', path: ['merchant_rate'] })
  .openapi('FeeQuoteRequest', { example: { amount: 1_000_000, card: 'credit', merchant_rate: '0.6%', date: '2026-11-20' } })

export const Quote = z.object({
  amount: z.number().int(),
  merchant_fee: z.number().int(),
  d0_fee: z.number().int(),
  total_fee: z.number().int(),
  net_settlement: z.number().int(),
  effective_rate: z.string().openapi({ example: '0.6000%' }),
  cap_applied: z.boolean(),
  breakdown: z.object({ issuer_fee: z.number().int(), network_fee: z.number().int(), acquirer_fee: z.number().int().openapi({ description: 'Negative when the merchant rate is below cost' }) }).nullable()
    .openapi({ description: 'Issuer and acquirer-side network fee at the schedule in force; null for QR' }),
  schedule: z.string().nullable().openapi({ example: 'ndrc-2016-557' }),
  explanation: z.array(z.string()).openapi({ example: ['商户手续费：10,000.00 元 × 0.6% = 60.00 元'] }),
}).openapi('FeeQuote', {
  example: {
    amount: 1_000_000, merchant_fee: 6000, d0_fee: 0, total_fee: 6000, net_settlement: 994_000, effective_rate: '0.6000%', cap_applied: false,
    breakdown: { issuer_fee: 4500, network_fee: 325, acquirer_fee: 1175 }, schedule: 'ndrc-2016-557', explanation: ['商户手续费：10,000.00 元 × 0.6% = 60.00 元'],
  },
})

const RefundFeeRule = z.enum(['none_returned', 'proportional', 'full'])
  .openapi({ description: 'The plan’s refund-fee rule: none_returned (default, common practice), proportional, or full once the whole amount is refunded' })

export const AdjustmentRequest = z.strictObject({
  original: z.strictObject({
    ...pricing,
    merchant_rate: Rate.optional().openapi({ example: '0.6%', description: 'Required unless plan_id is given (then the plan’s rate for the card is used)' }),
    plan_id: z.string().min(1).max(64).optional().openapi({
      description: 'A stored rate plan: its version in force on the sale’s business day (Asia/Shanghai, from occurred_at) gives the merchant rate, debit cap, D0 pricing and refund-fee rule, overriding those fields here. Unknown plan, or none in force that day: 422',
    }),
    occurred_at: IsoDateTime,
    batch_settled: z.boolean(),
    refunded_so_far: Fen.optional().openapi({ description: 'Refunded already, fen' }),
  }).refine((o) => o.plan_id !== undefined || o.merchant_rate !== undefined, { error: 'validation.required', path: ['merchant_rate'] }),
  correction: z.strictObject({
    type: z.enum(['void', 'refund']),
    amount: Amount.optional().openapi({ description: 'Void: the full amount or nothing. Refund: default is all that is left' }),
    at: IsoDateTime,
  }),
  refund_fee_rule: RefundFeeRule.optional().openapi({ description: 'Without original.plan_id only: with a plan, the plan’s rule applies and this field is not used (as the plan’s rates win in a quote)' }),
}).openapi('FeeAdjustmentRequest', {
  example: {
    original: { amount: 23_000, card: 'credit', merchant_rate: '0.55%', occurred_at: '2026-11-19T20:15:00+08:00', batch_settled: true },
    correction: { type: 'void', at: '2026-11-20T09:00:00+08:00' },
  },
})

export const Adjustment = z.object({
  action: z.enum(['void', 'refund']).openapi({ description: 'What the figures describe: the void, or the refund to do (also instead of a refused void)' }),
  void_allowed: z.boolean(),
  void_refusal: z.object({ code: z.enum(['instant_settlement', 'batch_settled', 'different_business_day', 'already_refunded']), message: z.string() }).optional(),
  refund_fee_rule: RefundFeeRule.openapi({ description: 'The refund-fee rule applied: the plan’s with original.plan_id, else the request’s (default none_returned)' }),
  original_fee: z.number().int().openapi({ description: 'Merchant fee of the sale' }),
  original_d0_fee: z.number().int().openapi({ description: 'D0 surcharge of the sale (0 for T1). It paid for the same-day payout, which has happened, so no refund returns it; a D0 sale cannot be voided' }),
  amount_back: z.number().int(),
  fee_reversed: z.number().int().openapi({ description: 'Merchant fee returned by this correction (never the D0 surcharge)' }),
  fee_lost: z.number().int().openapi({ description: 'Fees paid on the sale that the merchant will not get back: original_fee + original_d0_fee − all fee returned so far (this and earlier refunds)' }),
  remaining_refundable: z.number().int(),
  explanation: z.array(z.string()),
}).openapi('FeeAdjustment')

export const ProfitShareRequest = z.strictObject({
  volume: Fen.openapi({ example: 1_000_000, description: 'Volume, fen' }),
  merchant_rate: Rate,
  agents: z.array(z.strictObject({ id: z.string().trim().min(1).max(64), cost_rate: Rate })).min(1).max(10)
    .openapi({ description: 'Top (nearest the acquirer) to bottom (nearest the merchant); costs must not decrease going down' }),
}).openapi('ProfitShareRequest', { example: { volume: 1_000_000, merchant_rate: '0.6%', agents: [{ id: 'A', cost_rate: '0.50%' }, { id: 'B', cost_rate: '0.52%' }] } })

export const ProfitShare = z.object({
  volume: z.number().int(),
  total: z.number().int().openapi({ description: 'Channel total: half-up(volume × merchant rate) − half-up(volume × top cost); the shares add up to it exactly' }),
  shares: z.array(z.object({
    id: z.string(),
    spread_rate: z.string().openapi({ description: 'Rate gap: cost of the level below (merchant rate for the bottom) minus own cost' }),
    profit: z.number().int().openapi({ description: 'As on a statement: the rounded fee or cost of the level below minus this level’s rounded cost (each rounded half-up once); can differ by a fen from half-up(volume × spread_rate)' }),
  })),
}).openapi('ProfitShare', { example: { volume: 1_000_000, total: 1000, shares: [{ id: 'A', spread_rate: '0.02%', profit: 200 }, { id: 'B', spread_rate: '0.08%', profit: 800 }] } })

// --- Rate plans (admin) ------------------------------------------------------------------------------

export const PlanId = z.string().regex(/^[A-Za-z0-9_-]{2,64}$/, { error: 'fees.plan.id_format' }).openapi({ example: 'std-2026', description: 'Plan id: 2–64 letters, digits, _ or -' })
const AgentRef = z.string().regex(/^[A-Za-z0-9_-]{2,32}$/, { error: 'field.agent_id' }).openapi({ example: 'AG-EAST' })
const Volume = z.number().int().min(0).max(1e15).openapi({ example: 10_000_000_000, description: 'Monthly volume, fen (1亿元 = 10,000,000,000)' })
const Days = z.number().int().min(1).max(366)

const CostTier = z.strictObject({
  from_volume: Volume,
  cost_rate: Rate.openapi({ description: 'Agent cost rate for credit cards, and for debit and QR unless given below' }),
  debit_cost_rate: Rate.optional().openapi({ description: 'Uncapped debit transactions' }),
  qr_cost_rate: Rate.optional(),
})

const AgentCosts = z.strictObject({
  level: z.number().int().min(1).max(10).optional().openapi({ description: 'Agent level: 1 is the top agent (no parent)' }),
  agent_id: AgentRef.optional().openapi({ description: 'Or one named agent (overrides its level)' }),
  tiers: z.array(CostTier).min(1).max(10).openapi({ description: 'Ascending from_volume, the first from 0; the tier reached by the month’s volume applies to all of it' }),
  capped_debit_pay: Fen.optional().openapi({ example: 300, description: 'Paid to this level per capped debit transaction, fen (instead of a spread)' }),
}).refine((c) => (c.level === undefined) !== (c.agent_id === undefined), { error: 'fees.plan.level_or_agent', path: ['level'] })

const Activation = z.strictObject({
  reward: Fen.openapi({ example: 8000, description: 'Paid once per activated terminal to the merchant’s agent, fen' }),
  first_swipe_min: Amount.optional().openapi({ example: 100_00, description: 'A single sale of at least this activates' }),
  volume_min: Amount.optional().openapi({ example: 5_000_00, description: 'Or this much net volume' }),
  within_days: Days.openapi({ example: 30, description: 'Days from the terminal’s first sale' }),
  clawback: z.strictObject({
    volume_below: Amount.openapi({ example: 10_000_00 }),
    within_days: Days.openapi({ example: 90, description: 'Days from activation' }),
  }).optional().openapi({ description: 'Take the reward back if the volume stays below this' }),
})

const planBody = {
  name: z.string().trim().min(1).max(100).openapi({ example: '电签标准政策 2026' }),
  merchant_rates: z.strictObject({ debit: Rate, credit: Rate, qr: Rate }),
  debit_cap: Fen.optional().openapi({ example: 2000, description: 'Cap on the merchant fee per debit transaction, fen' }),
  d0: z.strictObject({ rate: Rate, fixed: Fen }).optional().openapi({ description: 'D0 surcharge: extra rate and fixed fen per transaction' }),
  refund_fee_rule: RefundFeeRule.optional(),
  agent_costs: z.array(AgentCosts).min(1).max(20),
  activation: Activation.optional(),
}

export const CreateRatePlan = z.strictObject({
  plan_id: PlanId,
  effective_from: z.iso.date({ error: 'fees.field.date' }).openapi({ example: '2026-11-01', description: 'First day in force (Asia/Shanghai); later than every earlier version' }),
  ...planBody,
}).openapi('CreateRatePlan')

const RateText = z.string().openapi({ example: '0.6%' })
export const RatePlanView = z.object({
  plan_id: z.string(), version: z.number().int(), effective_from: z.string(), created_at: z.string(), name: z.string(),
  merchant_rates: z.object({ debit: RateText, credit: RateText, qr: RateText }),
  debit_cap: z.number().int().optional(),
  d0: z.object({ rate: RateText, fixed: z.number().int() }).optional(),
  refund_fee_rule: RefundFeeRule,
  agent_costs: z.array(z.object({
    level: z.number().int().optional(), agent_id: z.string().optional(),
    tiers: z.array(z.object({ from_volume: z.number().int(), cost_rate: RateText, debit_cost_rate: RateText.optional(), qr_cost_rate: RateText.optional() })),
    capped_debit_pay: z.number().int().optional(),
  })),
  activation: z.object({
    reward: z.number().int(), first_swipe_min: z.number().int().optional(), volume_min: z.number().int().optional(), within_days: z.number().int(),
    clawback: z.object({ volume_below: z.number().int(), within_days: z.number().int() }).optional(),
  }).optional(),
}).openapi('RatePlan')

export const AssignRatePlan = z.strictObject({ plan_id: PlanId }).openapi('AssignRatePlan')
export const RatePlanAssignment = z.object({ agent_id: z.string(), plan_id: z.string(), assigned_at: z.string() }).openapi('RatePlanAssignment')

// --- Statements -----------------------------------------------------------------------------------------

export const StatementMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'fees.statement.month_format' }).openapi({ example: '2026-11' })

export const StatementQuery = z.object({
  month: StatementMonth,
  agent_id: AgentRef.optional().openapi({ description: 'Admins: whose subtree. Agents: their own by default' }),
  skip_invalid: z.enum(['true', 'false']).optional().openapi({ description: 'true: leave bad rows out and store the rest (they are listed in the statement)' }),
})

const AgentShareView = z.object({
  agent_id: z.string(), parent_agent_id: z.string().nullable(), level: z.number().int(),
  volume: z.number().int().openapi({ description: 'Net volume of the agent’s subtree in the month; picks its cost tier' }),
  costs: z.array(z.object({
    plan_id: z.string(), version: z.number().int(), tier_from_volume: z.number().int(),
    cost_rates: z.object({ debit: RateText, credit: RateText, qr: RateText }), capped_debit_pay: z.number().int(),
  })),
  spread_profit: z.number().int(), capped_count: z.number().int(), capped_pay: z.number().int(),
  rewards: z.number().int(), reward_count: z.number().int(), clawbacks: z.number().int(), clawback_count: z.number().int(),
  total: z.number().int(),
})

const RowErrorView = z.object({ line: z.number().int(), column: z.string().nullable(), message: z.string() })

export const StatementSummaryView = z.object({
  id: z.string(), agent_id: z.string(), month: z.string(), created_at: z.string(),
  rounding: z.object({ code: z.literal('per_transaction'), rule: z.string() }),
  plan_versions: z.array(z.object({ plan_id: z.string(), version: z.number().int(), effective_from: z.string() })),
  rows: z.object({ total: z.number().int(), sales: z.number().int(), voids: z.number().int(), refunds: z.number().int(), skipped: z.number().int() }),
  totals: z.object({
    sales_volume: z.number().int(), refund_volume: z.number().int(), volume: z.number().int(), merchant_fee: z.number().int(), d0_fee: z.number().int(),
    spread_profit: z.number().int(), capped_pay: z.number().int(), rewards: z.number().int(), clawbacks: z.number().int(), profit: z.number().int(),
  }),
  agents: z.array(AgentShareView),
  terminals: z.object({ activated: z.number().int(), clawed_back: z.number().int(), kept: z.number().int(), expired: z.number().int() }),
  skipped_rows: z.array(RowErrorView).openapi({ description: 'With skip_invalid=true: the first rows left out, with why' }),
  line_count: z.number().int(),
}).openapi('StatementSummary')

export const StatementLineView = z.object({
  merchant_no: z.string(), agent_id: z.string(), card: z.string(), settlement: z.string(), plan_id: z.string(), plan_version: z.number().int(),
  sales: z.number().int(), voids: z.number().int(), refunds: z.number().int(), sales_volume: z.number().int(), refund_volume: z.number().int(),
  volume: z.number().int(), merchant_fee: z.number().int(), d0_fee: z.number().int(), capped: z.number().int(), profit: z.number().int(),
  shares: z.array(z.object({ agent_id: z.string(), profit: z.number().int() })),
})

export const StatementView = StatementSummaryView.extend({ lines: z.array(StatementLineView) }).openapi('Statement')
