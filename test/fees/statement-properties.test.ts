import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addDays } from '../../functions/fees/activation'
import { FAST_PRODUCT_LIMIT, proportionalPart, roundedFee } from '../../functions/fees/fast'
import { halfUp, MAX_AMOUNT_FEN, MAX_RATE_PPM, PPM } from '../../functions/fees/money'
import type { PlanInput } from '../../functions/fees/plans'
import { quoteFee } from '../../functions/fees/quote'
import { planInput, share, statement, version, type Txn } from './statement-fixture'

const reference = (a: number, p: number) => Number(halfUp(BigInt(a) * BigInt(p), PPM))

describe('fast exact arithmetic against the BigInt reference', () => {
  it('roundedFee equals halfUp for every amount and rate', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: MAX_AMOUNT_FEN }), fc.integer({ min: 0, max: MAX_RATE_PPM }), (a, p) => roundedFee(a, p) === reference(a, p)), { numRuns: 20_000 })
  })

  it('roundedFee is exact on both sides of the 2^53 fast-path limit and at every .5', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: MAX_RATE_PPM }), fc.integer({ min: -3, max: 3 }), (p, d) => {
      const a = Math.floor(FAST_PRODUCT_LIMIT / p) + d
      return a < 0 || roundedFee(a, p) === reference(a, p)
    }), { numRuns: 20_000 })
    fc.assert(fc.property(fc.integer({ min: 0, max: 4_000_000_000 }), (k) => roundedFee(2 * k + 1, 500_000) === k + 1))
  })

  it('addDays agrees with Date for any day and offset', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 80_000 }), fc.integer({ min: -800, max: 800 }), (base, n) => {
      const day = new Date(Date.UTC(1990, 0, 1) + base * 86_400_000).toISOString().slice(0, 10)
      return addDays(day, n) === new Date(Date.UTC(1990, 0, 1) + (base + n) * 86_400_000).toISOString().slice(0, 10)
    }), { numRuns: 5000 })
  })

  it('proportional parts add up to the whole over any split of the amount', () => {
    fc.assert(fc.property(fc.integer({ min: -10_000, max: 1_000_000 }), fc.array(fc.integer({ min: 1, max: 10_000 }), { minLength: 1, maxLength: 12 }), (whole, parts) => {
      const total = parts.reduce((s, x) => s + x, 0)
      let done = 0, back = 0
      for (const x of parts) { back += proportionalPart(whole, done + x, total) - proportionalPart(whole, done, total); done += x }
      return back === whole
    }))
  })
})

// A random plan whose costs rise going down: top ≤ sub ≤ merchant rate, per card; pays fall going down.
/** [top cost, sub cost, merchant rate] in ppm, ascending. */
const ratesArb = fc.tuple(fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: 0, max: 20_000 })).map((xs) => xs.sort((x, y) => x - y))
const planArb = fc.record({
  rates: fc.tuple(ratesArb, ratesArb, ratesArb),
  cap: fc.option(fc.integer({ min: 100, max: 5000 }), { nil: undefined }),
  pays: fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 })).map(([x, y]) => [Math.max(x, y), Math.min(x, y)]),
  rule: fc.constantFrom('none_returned' as const, 'proportional' as const, 'full' as const),
})

type RandomPlan = { rates: number[][]; cap?: number; pays: number[]; rule: PlanInput['refund_fee_rule'] }

function plan(p: RandomPlan): PlanInput {
  const [debit, credit, qr] = p.rates as [number[], number[], number[]]
  const pay = (i: number) => (p.cap === undefined ? 0 : Math.min(p.pays[i]!, p.cap))
  return planInput({
    merchant_rates: { debit: debit[2]!, credit: credit[2]!, qr: qr[2]! },
    debit_cap: p.cap,
    refund_fee_rule: p.rule,
    agent_costs: [
      { level: 1, tiers: [{ from_volume: 0, cost_rate: credit[0]!, debit_cost_rate: debit[0]!, qr_cost_rate: qr[0]! }], capped_debit_pay: pay(0) },
      { level: 2, tiers: [{ from_volume: 0, cost_rate: credit[1]!, debit_cost_rate: debit[1]!, qr_cost_rate: qr[1]! }], capped_debit_pay: pay(1) },
    ],
  })
}

const txnArb = fc.record({
  card: fc.constantFrom('debit', 'credit', 'qr'),
  amount: fc.integer({ min: 1, max: 100_000_000 }),
  settlement: fc.constantFrom('T1', 'D0'),
})

describe('statement properties', () => {
  it('on every transaction the shares add up to the channel total: fee − top cost (capped: the top’s fixed pay)', () => {
    fc.assert(fc.property(planArb, txnArb, (p, t) => {
      const input = plan(p)
      const s = statement([{ id: 'T', ...t }], { plans: new Map([['std', [version(input)]]]) })
      const line = s.lines[0]!
      const cardIndex = { debit: 0, credit: 1, qr: 2 }[t.card as 'debit']
      const topCost = p.rates[cardIndex]![0]!
      const capped = t.card === 'debit' && p.cap !== undefined && reference(t.amount, p.rates[0]![2]!) > p.cap
      const fee = capped ? p.cap! : reference(t.amount, p.rates[cardIndex]![2]!)
      const channel = capped ? input.agent_costs[0]!.capped_debit_pay! : fee - reference(t.amount, topCost)
      expect(line.merchant_fee).toBe(fee)
      expect(line.shares.reduce((x, y) => x + y.profit, 0)).toBe(channel)
      expect(line.profit).toBe(channel)
      expect(share(s, 'TOP').total + share(s, 'SUB').total).toBe(channel)
      // Costs rise going down, so no level loses on a transaction.
      expect(line.shares.every((x) => x.profit >= 0)).toBe(true)
    }), { numRuns: 300 })
  })

  it('never charges a debit sale more than the cap', () => {
    fc.assert(fc.property(planArb.filter((p) => p.cap !== undefined), fc.array(fc.integer({ min: 1, max: 10_000_000 }), { minLength: 1, maxLength: 20 }), (p, amounts) => {
      const s = statement(amounts.map((amount, i) => ({ id: `D${i}`, card: 'debit', amount })), { plans: new Map([['std', [version(plan(p))]]]) })
      const line = s.lines[0]!
      expect(line.merchant_fee).toBeLessThanOrEqual(amounts.length * p.cap!)
      expect(line.merchant_fee).toBe(amounts.reduce((sum, a) => sum + Math.min(reference(a, p.rates[0]![2]!), p.cap!), 0))
    }), { numRuns: 200 })
  })

  it('caps a debit sale exactly when the quote does, also where the fee rounds to the cap', () => {
    // Amounts around cap / rate, where amount × rate is above the cap yet rounds to it.
    const arb = fc.tuple(planArb.filter((p) => p.cap !== undefined && p.rates[0]![2]! > 0), fc.integer({ min: -3, max: 300 }))
    fc.assert(fc.property(arb, ([p, d]) => {
      const rate = p.rates[0]![2]!
      const amount = Math.floor((p.cap! * 1_000_000) / rate) + d
      if (amount < 1) return
      const q = quoteFee({ amount, card: 'debit', merchant_rate: rate, debit_cap: p.cap }, null)
      expect(q.cap_applied).toBe(reference(amount, rate) > p.cap!)
      const line = statement([{ id: 'D', card: 'debit', amount }], { plans: new Map([['std', [version(plan(p))]]]) }).lines[0]!
      expect(line).toMatchObject({ capped: q.cap_applied ? 1 : 0, merchant_fee: q.merchant_fee })
    }), { numRuns: 300 })
  })

  it('a month is the sum of its transactions (per-transaction rounding, nothing rounded after summing)', () => {
    fc.assert(fc.property(planArb, fc.array(txnArb, { minLength: 1, maxLength: 15 }), (p, txns) => {
      const plans = new Map([['std', [version(plan(p))]]])
      const rows: Txn[] = txns.map((t, i) => ({ id: `T${i}`, ...t }))
      const whole = statement(rows, { plans })
      const parts = rows.map((r) => statement([r], { plans }))
      for (const agent of ['TOP', 'SUB']) expect(share(whole, agent).total).toBe(parts.reduce((s, x) => s + share(x, agent).total, 0))
      expect(whole.totals.merchant_fee).toBe(parts.reduce((s, x) => s + x.totals.merchant_fee, 0))
      expect(whole.totals.d0_fee).toBe(parts.reduce((s, x) => s + x.totals.d0_fee, 0))
    }), { numRuns: 200 })
  })

  it('a sale refunded in full in any pieces under the proportional rule leaves no fee and no share', () => {
    fc.assert(fc.property(planArb, txnArb, fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 8 }), (p, t, weights) => {
      const plans = new Map([['std', [version(plan({ ...p, rule: 'proportional' }))]]])
      const total = weights.reduce((s, w) => s + w, 0)
      const pieces = weights.map((w) => Math.floor((t.amount * w) / total)).filter((x) => x > 0)
      const rest = t.amount - pieces.reduce((s, x) => s + x, 0)
      if (rest > 0) pieces.push(rest)
      const settlement = 'T1'
      const rows: Txn[] = [{ id: 'S', ...t, settlement }, ...pieces.map((a, i) => ({ id: `R${i}`, card: t.card, settlement, type: 'refund', amount: a, original: 'S' }))]
      const s = statement(rows, { plans })
      expect(s.lines[0]).toMatchObject({ volume: 0, merchant_fee: 0, profit: 0 })
    }), { numRuns: 200 })
  })

  it('a void undoes its sale exactly, whatever else is on the line', () => {
    fc.assert(fc.property(planArb, fc.array(txnArb, { minLength: 2, maxLength: 10 }), fc.nat(), (p, txns, pick) => {
      const plans = new Map([['std', [version(plan(p))]]])
      const rows: Txn[] = txns.map((t, i) => ({ id: `T${i}`, ...t, settlement: 'T1' }))
      const victim = rows[pick % rows.length]!
      const withVoid = statement([...rows, { ...victim, id: 'V', type: 'void', original: victim.id }], { plans })
      const without = statement(rows.filter((r) => r !== victim), { plans })
      expect(withVoid.totals).toEqual(without.totals)
      expect(withVoid.agents).toEqual(without.agents)
    }), { numRuns: 200 })
  })
})
