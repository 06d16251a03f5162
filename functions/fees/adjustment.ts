import { businessDay } from '../time/business-day'
import { FeeRuleError, type Line, type RuleViolation } from './errors'
import { formatYuan, halfUp, type Fen } from './money'
import { quoteFee, type Pricing } from './quote'

// 撤销 void: same Asia/Shanghai business day, same unsettled batch, not D0; full amount only; the sale
// disappears with its fee. 退货 refund: any time, partial and repeated up to the original amount; whether
// the fee comes back is the plan's refund-fee rule (commonly it does not). A D0 sale's surcharge paid for the
// same-day payout, which has happened: no rule returns it, as in the statement ledger.

export type RefundFeeRule = 'none_returned' | 'proportional' | 'full'
export type VoidRefusal = 'instant_settlement' | 'batch_settled' | 'different_business_day' | 'already_refunded'

export interface OriginalSale extends Pricing {
  /** ISO 8601 with offset. */
  occurred_at: string
  batch_settled: boolean
  refunded_so_far?: Fen
}

export interface Correction { type: 'void' | 'refund'; /** Refund: defaults to all that is left. */ amount?: Fen; at: string }

export interface Adjustment {
  /** What the figures below describe: the void asked for, or the refund to do (asked for or instead of a refused void). */
  action: 'void' | 'refund'
  void_allowed: boolean
  void_refusal?: VoidRefusal
  /** The refund-fee rule applied (the plan's when priced from a plan). */
  refund_fee_rule: RefundFeeRule
  /** The merchant fee of the sale. */
  original_fee: Fen
  /** The D0 surcharge of the sale; 0 for T1. */
  original_d0_fee: Fen
  amount_back: Fen
  /** Merchant fee given back by this correction (never the D0 surcharge). */
  fee_reversed: Fen
  /**
   * Of the fees paid on the sale (merchant fee and D0 surcharge), what the merchant will not get back after this
   * correction (all refunds so far counted): original_fee + original_d0_fee − all fee reversed so far.
   */
  fee_lost: Fen
  remaining_refundable: Fen
  explanation: Line[]
}

function voidRefusal(o: OriginalSale, at: Date): VoidRefusal | undefined {
  // D0 money has already left the acquirer, so there is no unsettled batch to take the sale out of.
  if (o.settlement === 'D0') return 'instant_settlement'
  // After settlement the host needs a refund advice (0220); a void (0200, 20xxxx) would be refused.
  if (o.batch_settled) return 'batch_settled'
  if (businessDay(new Date(o.occurred_at)) !== businessDay(at)) return 'different_business_day'
  if ((o.refunded_so_far ?? 0) > 0) return 'already_refunded'
  return undefined
}

/**
 * Fee reversed once `refunded` of the sale has gone back, under a rule. Proportional is cumulative:
 * each refund gets the difference of two cumulative roundings, so partial refunds add up to exactly
 * the original fee when everything is refunded (rounding each refund alone could drift a fen per refund).
 * `full` returns the whole fee only with the refund that completes the original amount.
 */
function reversedAfter(rule: RefundFeeRule, fee: Fen, amount: Fen, refunded: Fen): Fen {
  if (rule === 'proportional') return Number(halfUp(BigInt(fee) * BigInt(refunded), BigInt(amount)))
  if (rule === 'full') return refunded === amount ? fee : 0
  return 0
}

function refund(o: OriginalSale, fee: Fen, d0Fee: Fen, amount: Fen, rule: RefundFeeRule) {
  const before = o.refunded_so_far ?? 0
  const after = before + amount
  const reversedBefore = reversedAfter(rule, fee, o.amount, before)
  const reversedTotal = reversedAfter(rule, fee, o.amount, after)
  const y = formatYuan
  const ruleLine: Line = rule === 'proportional'
    ? { key: 'fees.explain.rule_proportional', params: { fee: y(fee), refunded: y(after), amount: y(o.amount), cumulative: y(reversedTotal), reversed: y(reversedTotal - reversedBefore) } }
    : rule === 'full'
      ? (after === o.amount ? { key: 'fees.explain.rule_full_complete', params: { fee: y(fee) } } : { key: 'fees.explain.rule_full_partial' })
      : { key: 'fees.explain.rule_none_returned' }
  const lost = fee + d0Fee - reversedTotal
  const lostParams = { lost: y(lost), fee: y(fee), reversed: y(reversedTotal) }
  return {
    amount_back: amount, fee_reversed: reversedTotal - reversedBefore, fee_lost: lost, remaining_refundable: o.amount - after,
    lines: [
      { key: 'fees.explain.refund', params: { amount: y(amount), refunded: y(after), remaining: y(o.amount - after) } },
      ruleLine,
      d0Fee > 0
        ? { key: 'fees.explain.fee_lost_d0', params: { ...lostParams, d0: y(d0Fee) } }
        : { key: 'fees.explain.fee_lost', params: lostParams },
    ] satisfies Line[],
  }
}

/** The effect of a void or refund on a sale and its fee. Throws FeeRuleError (-> 422) when the correction breaks a rule. */
export function adjustFee(original: OriginalSale, correction: Correction, plan: { refund_fee_rule?: RefundFeeRule } = {}): Adjustment {
  const rule = plan.refund_fee_rule ?? 'none_returned'
  const soFar = original.refunded_so_far ?? 0
  const remaining = original.amount - soFar
  const at = new Date(correction.at)
  const violations: RuleViolation[] = []
  if (soFar > original.amount) violations.push({ path: 'original.refunded_so_far', message: 'fees.refunded_exceeds_original' })
  const occurred = Date.parse(original.occurred_at)
  if (Number.isNaN(occurred)) violations.push({ path: 'original.occurred_at', message: 'fees.field.datetime' })
  if (Number.isNaN(at.getTime())) violations.push({ path: 'correction.at', message: 'fees.field.datetime' })
  else if (at.getTime() < occurred) violations.push({ path: 'correction.at', message: 'fees.correction_before_sale' })
  if (correction.type === 'void' && correction.amount !== undefined && correction.amount !== original.amount) {
    violations.push({ path: 'correction.amount', message: 'fees.void_full_amount_only', params: { amount: formatYuan(original.amount) } })
  }
  const refundAmount = correction.type === 'refund' ? correction.amount ?? remaining : remaining
  if (correction.type === 'refund' && soFar <= original.amount && (refundAmount > remaining || refundAmount <= 0)) {
    violations.push({ path: 'correction.amount', message: 'fees.refund_exceeds', params: { remaining: formatYuan(Math.max(remaining, 0)) } })
  }
  if (violations.length) throw new FeeRuleError(violations)

  // The quote's own rules price the sale: capped merchant fee, and the D0 surcharge when settled D0.
  const quoted = quoteFee(original, null)
  const fee = quoted.merchant_fee
  const d0Fee = quoted.d0_fee
  const refusal = voidRefusal(original, at)
  const explanation: Line[] = [{ key: 'fees.explain.original', params: { amount: formatYuan(original.amount), fee: formatYuan(fee) } }]
  if (d0Fee > 0) {
    explanation.push(...quoted.explanation.filter((l) => l.key === 'fees.explain.d0_fee'), { key: 'fees.explain.d0_not_returned', params: { fee: formatYuan(d0Fee) } })
  }
  const base = { void_allowed: !refusal, ...(refusal ? { void_refusal: refusal } : {}), refund_fee_rule: rule, original_fee: fee, original_d0_fee: d0Fee }

  if (correction.type === 'void' && !refusal) {
    // A void is never D0 (voidRefusal), so there is no surcharge to keep.
    explanation.push({ key: 'fees.explain.void', params: { amount: formatYuan(original.amount), fee: formatYuan(fee) } })
    return { action: 'void', ...base, amount_back: original.amount, fee_reversed: fee, fee_lost: 0, remaining_refundable: 0, explanation }
  }
  if (correction.type === 'void') {
    // The incident desk shows this answer as it is: why no void, and what refunding everything left would do.
    explanation.push({ key: `fees.void_refusal.${refusal!}` }, { key: 'fees.explain.refund_instead', params: { amount: formatYuan(remaining) } })
  } else if (!refusal) {
    explanation.push({ key: 'fees.explain.void_possible', params: { fee: formatYuan(fee) } })
  }
  const r = refund(original, fee, d0Fee, refundAmount, rule)
  explanation.push(...r.lines)
  return { action: 'refund', ...base, amount_back: r.amount_back, fee_reversed: r.fee_reversed, fee_lost: r.fee_lost, remaining_refundable: r.remaining_refundable, explanation }
}
