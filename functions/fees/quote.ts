import type { Line } from './errors'
import { roundedFee } from './fast'
import { formatExactFee, formatRate, formatRate4, formatScaled, formatYuan, halfUp, PPM, type Fen, type Ppm } from './money'
import { costOf, type Cost, type MerchantClass, type Schedule } from './schedules'

export type Card = 'debit' | 'credit' | 'qr'
export type Settlement = 'T1' | 'D0'

/** What a merchant's plan charges for one sale. Rates are already parsed to ppm. */
export interface Pricing {
  amount: Fen
  card: Card
  merchant_rate: Ppm
  /** Per-transaction cap on the merchant fee, debit cards only (bank POS: often 17–25 yuan). */
  debit_cap?: Fen
  settlement?: Settlement
  /** D0 (same-day) surcharge: a rate and/or a fixed fee per transaction; ignored for T1. */
  d0_rate?: Ppm
  d0_fixed?: Fen
}

export interface QuoteInput extends Pricing { merchant_class?: MerchantClass }

export interface Quote {
  amount: Fen
  merchant_fee: Fen
  d0_fee: Fen
  total_fee: Fen
  net_settlement: Fen
  effective_rate: string
  cap_applied: boolean
  breakdown: { issuer_fee: Fen; network_fee: Fen; acquirer_fee: Fen } | null
  schedule: string | null
  explanation: Line[]
}

/** The merchant fee of one sale: amount × rate rounded half-up once, then the debit cap if it binds. */
export function merchantFee(p: Pricing): { fee: Fen; capApplied: boolean } {
  const fee = roundedFee(p.amount, p.merchant_rate)
  // The cap binds only when the fee as charged (rounded once) is above it: 4,000.99 yuan × 0.5 % rounds to
  // 20.00, which a 20-yuan cap leaves as it is. The statement ledger (ledger.ts isCapped) decides the same way.
  const capApplied = p.card === 'debit' && p.debit_cap !== undefined && fee > p.debit_cap
  return { fee: capApplied ? p.debit_cap! : fee, capApplied }
}

function merchantFeeLines(p: Pricing, fee: Fen, capApplied: boolean): Line[] {
  const amount = formatYuan(p.amount)
  const rate = formatRate(p.merchant_rate)
  const rounded = roundedFee(p.amount, p.merchant_rate)
  const exact = formatExactFee(p.amount, p.merchant_rate)
  const lines: Line[] = [exact === formatYuan(rounded)
    ? { key: 'fees.explain.merchant_fee', params: { amount, rate, fee: formatYuan(rounded) } }
    : { key: 'fees.explain.merchant_fee_rounded', params: { amount, rate, exact, fee: formatYuan(rounded) } }]
  if (capApplied) lines.push({ key: 'fees.explain.debit_cap', params: { cap: formatYuan(fee) } })
  return lines
}

function costLines(kind: 'issuer' | 'network', amount: Fen, cost: Cost): { fen: Fen; line: Line } {
  const r = costOf(amount, cost)
  const rate = cost.percent === 100 ? formatRate(cost.ppm) : `${formatRate(cost.ppm)} × ${cost.percent}%`
  if (cost.percent === 0) return { fen: 0, line: { key: `fees.explain.${kind}_waived` } }
  if (r.capped) return { fen: r.fen, line: { key: `fees.explain.${kind}_capped`, params: { amount: formatYuan(amount), rate, cap: formatYuan(r.capFen!) } } }
  const product = amount * cost.ppm * cost.percent
  const exact = formatScaled(Number.isSafeInteger(product) ? product : BigInt(amount) * BigInt(cost.ppm) * BigInt(cost.percent), 10, 2)
  return exact === formatYuan(r.fen)
    ? { fen: r.fen, line: { key: `fees.explain.${kind}_fee`, params: { amount: formatYuan(amount), rate, fee: formatYuan(r.fen) } } }
    : { fen: r.fen, line: { key: `fees.explain.${kind}_fee_rounded`, params: { amount: formatYuan(amount), rate, exact, fee: formatYuan(r.fen) } } }
}

/**
 * What one sale costs the merchant, and who gets what. Pure: the caller picks the schedule in force
 * on the sale's date (schedules.ts) or passes null for QR payments, which have no card-fee split.
 */
export function quoteFee(input: QuoteInput, schedule: Schedule | null): Quote {
  const { fee: merchant_fee, capApplied } = merchantFee(input)
  const explanation = merchantFeeLines(input, merchant_fee, capApplied)

  let d0_fee = 0
  if (input.settlement === 'D0') {
    const ratePart = roundedFee(input.amount, input.d0_rate ?? 0)
    d0_fee = ratePart + (input.d0_fixed ?? 0)
    explanation.push({ key: 'fees.explain.d0_fee', params: { amount: formatYuan(input.amount), rate: formatRate(input.d0_rate ?? 0), part: formatYuan(ratePart), fixed: formatYuan(input.d0_fixed ?? 0), fee: formatYuan(d0_fee) } })
  }

  const total_fee = merchant_fee + d0_fee
  const net_settlement = input.amount - total_fee
  const effective_rate = formatRate4(halfUp(BigInt(total_fee) * PPM, BigInt(input.amount)))
  explanation.push({ key: 'fees.explain.total', params: { total: formatYuan(total_fee), net: formatYuan(net_settlement), rate: effective_rate } })
  if (net_settlement < 0) explanation.push({ key: 'fees.explain.fees_exceed_amount' })

  let breakdown: Quote['breakdown'] = null
  if (input.card === 'qr') {
    explanation.push({ key: 'fees.explain.qr' })
  } else if (!schedule) {
    explanation.push({ key: 'fees.explain.no_schedule' })
  } else {
    explanation.push(...schedule.notes.map((key) => ({ key })))
    const issuer = costLines('issuer', input.amount, schedule.issuer[input.card])
    const network = costLines('network', input.amount, schedule.network[input.card])
    const acquirer_fee = merchant_fee - issuer.fen - network.fen
    breakdown = { issuer_fee: issuer.fen, network_fee: network.fen, acquirer_fee }
    explanation.push(issuer.line, network.line, {
      key: 'fees.explain.acquirer_fee',
      params: { merchant_fee: formatYuan(merchant_fee), issuer_fee: formatYuan(issuer.fen), network_fee: formatYuan(network.fen), fee: formatYuan(acquirer_fee) },
    })
    if (acquirer_fee < 0) explanation.push({ key: 'fees.explain.below_cost', params: { loss: formatYuan(-acquirer_fee) } })
  }

  return {
    amount: input.amount, merchant_fee, d0_fee, total_fee, net_settlement, effective_rate, cap_applied: capApplied,
    breakdown, schedule: breakdown ? schedule!.id : null, explanation,
  }
}
