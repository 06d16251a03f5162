import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { FeeRuleError } from '../../functions/fees/errors'
import { halfUp, parseRate } from '../../functions/fees/money'
import { shareProfit } from '../../functions/fees/profit-share'

const agents = (...costs: [string, string][]) => costs.map(([id, rate]) => ({ id, cost_rate: parseRate(rate) }))

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

  it('rounds each share half-up once: 15 fen at 0.01%/0.01% spreads give 0.0015 fen each -> 0 and 0', () => {
    expect(shareProfit(15, 6000, agents(['A', '0.58%'], ['B', '0.59%']))).toMatchObject({ total: 0, shares: [{ profit: 0 }, { profit: 0 }] })
    // 5,000 fen × 0.01 % = 0.5 fen: exactly half, so up to 1 each; the exact total 1 fen rounds to 1, the sum is 2.
    expect(shareProfit(5000, 6000, agents(['A', '0.58%'], ['B', '0.59%']))).toMatchObject({ total: 2, shares: [{ profit: 1 }, { profit: 1 }] })
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

  it('total is the sum of the shares, within floor(levels / 2) fen of volume × (merchant − top cost) rounded once', () => {
    fc.assert(fc.property(arbTree, ({ volume, merchant, agents }) => {
      const r = shareProfit(volume, merchant, agents)
      const exact = Number(halfUp(BigInt(volume) * BigInt(merchant - agents[0]!.cost_rate), 1_000_000n))
      return r.total === r.shares.reduce((s, x) => s + x.profit, 0) && Math.abs(r.total - exact) <= Math.floor(agents.length / 2)
    }), { numRuns: 1000 })
  })

  it('each profit is the BigInt half-up of volume × spread, never negative', () => {
    fc.assert(fc.property(arbTree, ({ volume, merchant, agents }) => {
      const r = shareProfit(volume, merchant, agents)
      return r.shares.every((s, i) => {
        const spread = (agents[i + 1]?.cost_rate ?? merchant) - agents[i]!.cost_rate
        const p = BigInt(volume) * BigInt(spread)
        const ref = p / 1_000_000n + ((p % 1_000_000n) * 2n >= 1_000_000n ? 1n : 0n)
        return s.profit >= 0 && BigInt(s.profit) === ref && parseRate(s.spread_rate) === spread
      })
    }))
  })
})
