import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { NumberIndex } from '../../functions/fees/number-index'
import { idHashAt, merchantKeyAt, secondsAt, StatementMonth, terminalKeyAt } from '../../functions/fees/statement-rows'
import { FLAG_DUPLICATE, TxnLog } from '../../functions/fees/txn-index'

describe('TxnLog', () => {
  it('marks every later row of an id, and finds the first row of each id looked up', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.integer({ min: -8, max: 8 }), fc.integer({ min: -50, max: 50 })), { minLength: 1, maxLength: 6000 }), (pairs) => {
      const log = new TxnLog()
      // Spread the high halves over all 16 seal passes, and make many share one.
      const hiOf = (h: number) => Math.imul(h, 0x10000001) | 0
      pairs.forEach(([h, lo], i) => expect(log.append(hiOf(h), lo, 1, i * 3, i, i, i, i + 2)).toBe(i))
      const firstOf = new Map<string, number>()
      const expected: { index: number; first: number }[] = []
      pairs.forEach(([h, l], i) => { const k = `${h}:${l}`; if (firstOf.has(k)) expected.push({ index: i, first: firstOf.get(k)! }); else firstOf.set(k, i) })
      const lookups = [...pairs.slice(0, 50).map(([h, lo]) => ({ hi: hiOf(h), lo })), { hi: hiOf(99), lo: 7 }]
      const { duplicates, found } = log.seal(lookups)
      expect(duplicates).toEqual(expected)
      expect([...found]).toEqual([...pairs.slice(0, 50).map(([h, l]) => firstOf.get(`${h}:${l}`)), -1])
      pairs.forEach((_, i) => {
        expect(log.amount(i)).toBe(i * 3)
        expect(log.line(i)).toBe(i + 2)
        expect((log.flags(i) & FLAG_DUPLICATE) !== 0).toBe(expected.some((d) => d.index === i))
      })
    }), { numRuns: 30 })
  })

  it('finds duplicates and originals the same way when a big log is sealed in many passes', () => {
    // 200,000 rows: the rows are split over passes by the top bits of their hash (16 passes here).
    fc.assert(fc.property(fc.integer(), (seed) => {
      let x = seed | 1
      const next = () => { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; return x | 0 }
      const n = 200_000
      const hi = new Int32Array(n), lo = new Int32Array(n)
      const expected: { index: number; first: number }[] = []
      for (let i = 0; i < n; i++) {
        if (i > 0 && (next() & 1023) === 0) {
          const first = (next() >>> 0) % i
          hi[i] = hi[first]!; lo[i] = lo[first]!
          // The first row with that id: an earlier duplicate points further back.
          const prior = expected.find((d) => d.index === first)
          expected.push({ index: i, first: prior ? prior.first : first })
        } else { hi[i] = next(); lo[i] = next() }
      }
      const log = new TxnLog()
      for (let i = 0; i < n; i++) log.append(hi[i]!, lo[i]!, 1, i, i, i, i, i + 2)
      const probes = [0, 1, 77_777, n - 1]
      const { duplicates, found } = log.seal([...probes.map((i) => ({ hi: hi[i]!, lo: lo[i]! })), { hi: 12345, lo: 678 }])
      expect(duplicates).toEqual(expected)
      expect([...found]).toEqual([...probes.map((i) => expected.find((d) => d.index === i)?.first ?? i), -1])
    }), { numRuns: 4 })
  })

  it('hashes distinct ids apart and equal ids together', () => {
    const out = new Int32Array(2)
    const hash = (id: string) => (idHashAt(id, 0, id.length, out), `${out[0]}:${out[1]}`)
    const ids = Array.from({ length: 200_000 }, (_, i) => `T${i}`)
    expect(new Set(ids.map(hash)).size).toBe(ids.length)
    expect(hash('20261120-000001')).toBe(hash('x20261120-000001'.slice(1)))
    expect(idHashAt('bad id', 0, 6, out)).toBe(false)
    expect(idHashAt('', 0, 0, out)).toBe(false)
    expect(idHashAt('x'.repeat(65), 0, 65, out)).toBe(false)
  })
})

describe('numeric keys read in place', () => {
  it('reads merchant numbers and terminal ids as distinct safe integers', () => {
    expect(merchantKeyAt('898330158120001', 0, 15)).toBe(898330158120001)
    expect(merchantKeyAt('89833015812000x', 0, 15)).toBe(-1)
    expect(terminalKeyAt('zzzzzzzz', 0, 8)).toBe(62 ** 8 - 1)
    expect(Number.isSafeInteger(62 ** 8 - 1)).toBe(true)
    expect(terminalKeyAt('XH00000', 0, 7)).toBe(-1)
    expect(terminalKeyAt('XH00000-', 0, 8)).toBe(-1)
    expect(terminalKeyAt('xh000001', 0, 8)).not.toBe(terminalKeyAt('XH000001', 0, 8))
  })

  it('NumberIndex maps keys to values through growth', () => {
    fc.assert(fc.property(fc.uniqueArray(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), { maxLength: 3000 }), (keys) => {
      const index = new NumberIndex()
      keys.forEach((k, i) => index.set(k, i))
      expect(index.size).toBe(keys.length)
      keys.forEach((k, i) => expect(index.get(k)).toBe(i))
      if (!keys.includes(7)) expect(index.get(7)).toBe(-1)
    }), { numRuns: 30 })
  })
})

describe('secondsAt', () => {
  const month = new StatementMonth('2026-11')
  const at = (t: string) => secondsAt(t, 0, t.length, month)

  it('reads Beijing time with or without the offset, and other offsets exactly', () => {
    expect(at('2026-11-01T00:00:00+08:00')).toBe(0)
    expect(at('2026-11-20 14:30:05')).toBe(19 * 86_400 + 14 * 3600 + 30 * 60 + 5)
    expect(at('2026-11-20T06:30:05Z')).toBe(19 * 86_400 + 14 * 3600 + 30 * 60 + 5)
    expect(at('2026-11-20T14:30:05.123+08:00')).toBe(19 * 86_400 + 14 * 3600 + 30 * 60 + 5)
  })

  it('does not reuse a date read under another offset (its Shanghai day can differ)', () => {
    expect(at('2026-11-20T00:30:00+09:00')).toBe(18 * 86_400 + 23.5 * 3600)
    expect(at('2026-11-20T10:00:00+08:00')).toBe(19 * 86_400 + 10 * 3600)
    expect(at('2026-11-20T10:00:00+08:00')).toBe(19 * 86_400 + 10 * 3600)
    expect(at('2026-11-20T24:00:00+08:00')).toMatchObject({ message: 'fees.statement.row.time' })
    expect(at('2026-11-20T10:00:00+09:00')).toBe(19 * 86_400 + 9 * 3600)
  })

  it('agrees with Date for any instant, in any order', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 30 * 86_400 - 1 }), fc.constantFrom('+08:00', 'Z', '+09:00', '-05:00', '')), { minLength: 1, maxLength: 40 }), (xs) => {
      for (const [sec, zone] of xs) {
        const ms = Date.UTC(2026, 10, 1) - 8 * 3600_000 + sec * 1000
        const offsetH = zone === 'Z' ? 0 : zone === '' ? 8 : Number(zone.slice(0, 3))
        const local = new Date(ms + offsetH * 3600_000).toISOString().slice(0, 19)
        const text = zone === '' ? local.replace('T', ' ') : local + zone
        expect(at(text)).toBe(sec)
      }
    }), { numRuns: 300 })
  })
})
