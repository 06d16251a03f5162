import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { FeeRuleError } from '../../functions/fees/errors'
import { halfUp, parseRate } from '../../functions/fees/money'
import { shareProfit } from '../../functions/fees/profit-share'
import { csv, planInput, statement, version } from './statement-fixture'

const agents = (...costs: [string, string][]) => costs.map(([id, rate]) => ({ id, cost_rate: parseRate(rate) }))

/** The statement engine's shares (TOP above SUB) of one credit sale of `amount` under those rates. */
function statementShares(amount: number, merchant: number, top: number, sub: number) {
  const plan = planInput({
    merchant_rates: { credit: merchant, debit: merchant, qr: merchant },
    agent_costs: [{ level: 1, tiers: [{ from_volume: 0, cost_rate: top }] }, { level: 2, tiers: [{ from_volume: 0, cost_rate: sub }] }],
  })
  return statement(csv([{ id: 'S1', amount }]), { plans: new Map([['std', [version(plan)]]]) }).lines[0]!.shares
}

function violations(fn: () => unknown) {
  try {
    fn()
  } catch (err) {
    if (err instanceof FeeRuleError) return err.violations.map((v) => [v.path, v.message])
    throw err
  }
  throw new Error('expected a FeeRuleError')
}

describe('shareProfit', () => {
  it('splits 10,000 yuan at 0.6% over A 0.50% and B 0.52%: B 8.00, A 2.00, total 10.00', () => {
    expect(shareProfit(1_000_000, parseRate('0.6%'), agents(['A', '0.50%'], ['B', '0.52%']))).toEqual({
      volume: 1_000_000, total: 1000,
      shares: [{ id: 'A', spread_rate: '0.02%', profit: 200 }, { id: 'B', spread_rate: '0.08%', profit: 800 }],
    })
  })

  it('gives a single agent merchant rate − own cost ("万八": 8 yuan per 10,000)', () => {
    expect(shareProfit(1_000_000, 6000, agents(['A', '0.52%'])).shares).toEqual([{ id: 'A', spread_rate: '0.08%', profit: 800 }])
  })

  it('gives zero to a level whose cost equals the one below', () => {
    expect(shareProfit(1_000_000, 6000, agents(['A', '0.5%'], ['B', '0.5%'])).shares.map((s) => s.profit)).toEqual([0, 1000])
  })

  it('rounds the fee and each cost once, so 15 fen at 0.6% over 0.58%/0.59% shares nothing', () => {
    expect(shareProfit(15, 6000, agents(['A', '0.58%'], ['B', '0.59%']))).toMatchObject({ total: 0, shares: [{ profit: 0 }, { profit: 0 }] })
  })

  it('pays out exactly what the channel earns: 50 yuan at 0.6% over A 0.58%, B 0.59% gives A 0.01, B 0, total 0.01', () => {
    // Fee 30 fen, costs 29 (0.29) and 30 (0.295 half-up): B 30 − 30 = 0, A 30 − 29 = 1, channel 30 − 29 = 1, as
    // the statement pays; rounding each 0.5-fen spread on its own would pay 1 + 1 = 2 fen out of 1.
    expect(shareProfit(5000, 6000, agents(['A', '0.58%'], ['B', '0.59%']))).toEqual({
      volume: 5000, total: 1, shares: [{ id: 'A', spread_rate: '0.01%', profit: 1 }, { id: 'B', spread_rate: '0.01%', profit: 0 }],
    })
  })

  it('agrees with the statement for one sale of the same volume (TOP 1, SUB 0 fen on 50 yuan)', () => {
    expect(statementShares(5000, 6000, 5800, 5900)).toEqual([{ agent_id: 'TOP', profit: 1 }, { agent_id: 'SUB', profit: 0 }])
  })

  it('refuses a cost lower than the level above (422 naming agents.1.cost_rate)', () => {
    expect(violations(() => shareProfit(1_000_000, 6000, agents(['A', '0.52%'], ['B', '0.50%'])))).toEqual([['agents.1.cost_rate', 'fees.cost_below_upper']])
  })

  it('refuses a cost above the merchant rate and names every bad level', () => {
    expect(violations(() => shareProfit(1_000_000, 6000, agents(['A', '0.61%'], ['B', '0.62%'])))).toEqual([
      ['agents.0.cost_rate', 'fees.cost_above_merchant'], ['agents.1.cost_rate', 'fees.cost_above_merchant'],
    ])
  })

  it('refuses the same agent twice', () => {
    expect(violations(() => shareProfit(1_000_000, 6000, agents(['A', '0.5%'], ['A', '0.52%'])))).toEqual([['agents.1.id', 'fees.duplicate_agent']])
  })
})

describe('properties', () => {
  const arbTree = fc.record({
    volume: fc.integer({ min: 0, max: 10 ** 12 }),
    merchant: fc.integer({ min: 0, max: 1_000_000 }),
    fractions: fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 10 }),
  }).map(({ volume, merchant, fractions }) => ({
    volume, merchant,
    // Non-decreasing costs going down, none above the merchant rate.
    agents: [...fractions].sort((a, b) => a - b).map((f, i) => ({ id: `L${i}`, cost_rate: Math.floor((merchant * f) / 1_000_000) })),
  }))

  const rounded = (volume: number, ppm: number) => {
    const p = BigInt(volume) * BigInt(ppm)
    return p / 1_000_000n + ((p % 1_000_000n) * 2n >= 1_000_000n ? 1n : 0n)
  }

  it('shares sum exactly to half-up(volume × merchant) − half-up(volume × top cost), each ≥ 0', () => {
    fc.assert(fc.property(arbTree, ({ volume, merchant, agents }) => {
      const r = shareProfit(volume, merchant, agents)
      const channel = rounded(volume, merchant) - rounded(volume, agents[0]!.cost_rate)
      return BigInt(r.total) === channel && BigInt(r.shares.reduce((s, x) => s + x.profit, 0)) === channel && r.shares.every((s) => s.profit >= 0)
    }), { numRuns: 1000 })
  })

  it('each profit is the BigInt half-up cost of the level below (fee for the bottom) minus its own, within a fen of volume × spread', () => {
    fc.assert(fc.property(arbTree, ({ volume, merchant, agents }) => {
      const r = shareProfit(volume, merchant, agents)
      return r.shares.every((s, i) => {
        const below = agents[i + 1]?.cost_rate ?? merchant
        const spread = below - agents[i]!.cost_rate
        const profit = BigInt(s.profit)
        const direct = rounded(volume, spread)
        return profit === rounded(volume, below) - rounded(volume, agents[i]!.cost_rate) && parseRate(s.spread_rate) === spread
          && profit - direct <= 1n && direct - profit <= 1n
      })
    }))
  })

  it('pays each level what a statement pays for one sale of the volume', () => {
    const arb = fc.record({ amount: fc.integer({ min: 1, max: 10 ** 9 }), merchant: fc.integer({ min: 1, max: 20_000 }), a: fc.nat(), b: fc.nat() })
    fc.assert(fc.property(arb, ({ amount, merchant, a, b }) => {
      const [top, sub] = [a % (merchant + 1), b % (merchant + 1)].sort((x, y) => x - y) as [number, number]
      const r = shareProfit(amount, merchant, [{ id: 'TOP', cost_rate: top }, { id: 'SUB', cost_rate: sub }])
      return JSON.stringify(statementShares(amount, merchant, top, sub)) === JSON.stringify(r.shares.map((s) => ({ agent_id: s.id, profit: s.profit })))
    }), { numRuns: 200 })
  })
})
