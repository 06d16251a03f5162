import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ACTIONS, AMOUNT_DIRECTIONS, beijingClock, decideResolution, INCIDENT_KINDS, SETTLEMENTS, voidBlock, type IncidentFacts } from '../../functions/incidents/guidance'
import { t } from '../../functions/i18n'

const base: IncidentFacts = { kind: 'wrong_card', occurred_at: '2026-11-20T14:30:00+08:00', settlement: 'T1', batch_settled: false }
const at = (iso: string) => new Date(iso)
const keys = (facts: Partial<IncidentFacts>, now: string) => decideResolution({ ...base, ...facts }, at(now)).steps.map((s) => s.key)

describe('decideResolution: void or refund', () => {
  it.each([
    // [case, facts, now, action, deadline]
    ['same day, T1, batch open: void by the end of the Shanghai day', {}, '2026-11-20T15:00:00+08:00', 'void', '2026-11-20T16:00:00.000Z'],
    ['sale at 23:59:59, reported at 23:59:59 the same second: still void', { occurred_at: '2026-11-20T23:59:59+08:00' }, '2026-11-20T23:59:59+08:00', 'void', '2026-11-20T16:00:00.000Z'],
    ['sale at 23:59:59, now 00:00:00 the next day: refund', { occurred_at: '2026-11-20T23:59:59+08:00' }, '2026-11-21T00:00:00+08:00', 'refund', '2026-12-20T16:00:00.000Z'],
    ['the same boundary given in UTC', { occurred_at: '2026-11-20T15:59:59Z' }, '2026-11-20T16:00:00Z', 'refund', '2026-12-20T16:00:00.000Z'],
    ['different UTC dates but one Shanghai day (00:00 to 23:59:59)', { occurred_at: '2026-11-19T16:00:00Z' }, '2026-11-20T15:59:59Z', 'void', '2026-11-20T16:00:00.000Z'],
    ['D0 the same minute: refund', { settlement: 'D0' }, '2026-11-20T14:31:00+08:00', 'refund', '2026-12-20T16:00:00.000Z'],
    ['batch already settled the same day: refund', { batch_settled: true }, '2026-11-20T22:00:00+08:00', 'refund', '2026-12-20T16:00:00.000Z'],
    ['offline terminal, sale five days ago: refund, 30 days from the sale', { occurred_at: '2026-11-15T09:00:00+08:00' }, '2026-11-20T09:00:00+08:00', 'refund', '2026-12-15T16:00:00.000Z'],
    ['duplicate the same day: void the second charge', { kind: 'duplicate' }, '2026-11-20T15:00:00+08:00', 'void', '2026-11-20T16:00:00.000Z'],
    ['duplicate after settlement: refund it', { kind: 'duplicate', batch_settled: true }, '2026-11-20T15:00:00+08:00', 'refund', '2026-12-20T16:00:00.000Z'],
    ['amount too high the same day: void', { kind: 'wrong_amount', amount_direction: 'too_high' }, '2026-11-20T15:00:00+08:00', 'void', '2026-11-20T16:00:00.000Z'],
    ['amount wrong, direction not given: treated as too high', { kind: 'wrong_amount' }, '2026-11-21T10:00:00+08:00', 'refund', '2026-12-20T16:00:00.000Z'],
  ] as const)('%s', (_, facts, now, action, deadline) => {
    const g = decideResolution({ ...base, ...facts }, at(now))
    expect(g.action).toBe(action)
    expect(g.deadline).toBe(deadline)
  })

  it('says why there is no void, first after the common opening', () => {
    expect(keys({ settlement: 'D0' }, '2026-11-20T15:00:00+08:00')).toContain('incidents.step.refund.why.instant_settlement')
    expect(keys({ batch_settled: true }, '2026-11-20T15:00:00+08:00')).toContain('incidents.step.refund.why.batch_settled')
    expect(keys({}, '2026-11-21T15:00:00+08:00')).toContain('incidents.step.refund.why.different_business_day')
    expect(voidBlock({ occurred_at: base.occurred_at, settlement: 'D0', batch_settled: true }, at('2026-11-25T00:00:00Z'))).toBe('instant_settlement')
  })

  it('lists the void steps in the order a cashier does them', () => {
    expect(keys({ kind: 'wrong_card' }, '2026-11-20T15:00:00+08:00')).toEqual([
      'incidents.step.stop', 'incidents.step.record', 'incidents.step.contact_cardholder',
      'incidents.step.void.now', 'incidents.step.void.inputs', 'incidents.step.void.full', 'incidents.step.then_right_card',
      'incidents.step.no_cash', 'incidents.step.keep_slip',
    ])
    expect(keys({ kind: 'wrong_amount' }, '2026-11-20T15:00:00+08:00')).toContain('incidents.step.void.then_right_amount')
  })

  it('refunds only the difference for an amount keyed too high, the full sale otherwise', () => {
    expect(keys({ kind: 'wrong_amount', batch_settled: true }, '2026-11-20T15:00:00+08:00')).toEqual([
      'incidents.step.stop', 'incidents.step.record', 'incidents.step.contact_cardholder',
      'incidents.step.refund.why.batch_settled', 'incidents.step.refund.same_card', 'incidents.step.refund.difference',
      'incidents.step.refund.limit', 'incidents.step.refund.by', 'incidents.step.no_cash', 'incidents.step.keep_slip',
    ])
    expect(keys({ kind: 'wrong_card', batch_settled: true }, '2026-11-20T15:00:00+08:00')).toEqual(expect.arrayContaining(['incidents.step.refund.full', 'incidents.step.then_right_card']))
  })

  it('has the cashier pick out the duplicate before voiding or refunding it', () => {
    for (const batch_settled of [false, true]) {
      const k = keys({ kind: 'duplicate', batch_settled }, '2026-11-20T15:00:00+08:00')
      const which = k.indexOf('incidents.step.duplicate.which')
      expect(which).toBeGreaterThan(0)
      expect(which).toBeLessThan(k.findIndex((key) => key === 'incidents.step.void.now' || key === 'incidents.step.refund.same_card'))
    }
  })

  it('puts the deadline on the void step in Beijing time', () => {
    const g = decideResolution(base, at('2026-11-20T15:00:00+08:00'))
    expect(g.steps.find((s) => s.key === 'incidents.step.void.now')?.params).toEqual({ deadline: '2026-11-20 23:59' })
    expect(t('zh-CN', 'incidents.step.void.now', { deadline: '2026-11-20 23:59' })).toBe('结算前在原终端做“撤销”，最晚 2026-11-20 23:59。')
  })
})

describe('decideResolution: the other kinds', () => {
  it('amount keyed too low: a new sale for the difference, any day, no deadline', () => {
    for (const now of ['2026-11-20T15:00:00+08:00', '2026-12-01T15:00:00+08:00']) {
      const g = decideResolution({ ...base, kind: 'wrong_amount', amount_direction: 'too_low', settlement: 'D0' }, at(now))
      expect(g.action).toBe('new_sale_for_difference')
      expect(g.deadline).toBeUndefined()
      expect(g.steps.map((s) => s.key)).toContain('incidents.step.difference.present')
    }
  })

  it('declined but debited: wait for the reversal until the end of the next Shanghai day', () => {
    const g = decideResolution({ ...base, kind: 'declined_but_debited', occurred_at: '2026-11-20T23:50:00+08:00' }, at('2026-11-20T23:55:00+08:00'))
    expect(g.action).toBe('wait_for_reversal')
    expect(g.deadline).toBe('2026-11-21T16:00:00.000Z')
    expect(g.steps.map((s) => s.key)).toEqual([
      'incidents.step.stop', 'incidents.step.record', 'incidents.step.contact_cardholder',
      'incidents.step.reversal.wait', 'incidents.step.reversal.check', 'incidents.step.reversal.failed',
      'incidents.step.no_cash', 'incidents.step.keep_slip',
    ])
  })

  it('declined but debited, reported after the reversal window: contact the acquirer', () => {
    const g = decideResolution({ ...base, kind: 'declined_but_debited', occurred_at: '2026-11-15T12:00:00+08:00' }, at('2026-11-20T10:00:00+08:00'))
    expect(g.action).toBe('contact_acquirer')
    expect(g.deadline).toBe('2026-11-21T16:00:00.000Z')
    expect(g.steps[3]).toEqual({ key: 'incidents.step.reversal.window_passed', params: { deadline: '2026-11-16 23:59' } })
  })

  it('reversal failed: retry once, no second swipe, then the acquirer by the end of the next day', () => {
    const g = decideResolution({ ...base, kind: 'reversal_failed' }, at('2026-11-20T15:00:00+08:00'))
    expect(g.action).toBe('contact_acquirer')
    expect(g.deadline).toBe('2026-11-21T16:00:00.000Z')
    const k = g.steps.map((s) => s.key)
    expect(k.indexOf('incidents.step.reversal.retry')).toBeLessThan(k.indexOf('incidents.step.acquirer.call'))
    expect(k).toContain('incidents.step.reversal.no_resale')
  })

  it('suspected fraud: secure the terminal first, no call to the "cardholder", report today', () => {
    const g = decideResolution({ ...base, kind: 'suspected_fraud', occurred_at: '2026-11-01T10:00:00+08:00', batch_settled: true }, at('2026-11-20T15:00:00+08:00'))
    expect(g.action).toBe('stop_and_report_fraud')
    expect(g.deadline).toBe('2026-11-20T16:00:00.000Z')
    expect(g.steps.map((s) => s.key)).toEqual([
      'incidents.step.stop', 'incidents.step.fraud.stop_terminal', 'incidents.step.fraud.keep_evidence', 'incidents.step.fraud.report',
      'incidents.step.fraud.technician', 'incidents.step.fraud.safety', 'incidents.step.record', 'incidents.step.no_cash', 'incidents.step.keep_slip',
    ])
  })

  it('other: contact the acquirer', () => {
    expect(decideResolution({ ...base, kind: 'other' }, at('2026-11-20T15:00:00+08:00')).action).toBe('contact_acquirer')
  })

  it('recomputed days later, deadlines that run from the report stay where they were', () => {
    const reported = at('2026-11-20T15:00:00+08:00'), later = at('2026-11-25T09:00:00+08:00')
    for (const kind of ['reversal_failed', 'other', 'suspected_fraud'] as const) {
      expect(decideResolution({ ...base, kind }, later, reported).deadline).toBe(decideResolution({ ...base, kind }, reported).deadline)
    }
    // Reported while waiting for the reversal, recomputed after the wait: the acquirer by the day after the wait.
    const waiting = { ...base, kind: 'declined_but_debited', occurred_at: '2026-11-20T10:00:00+08:00' } as const
    expect(decideResolution(waiting, later, reported)).toMatchObject({ action: 'contact_acquirer', deadline: '2026-11-22T16:00:00.000Z' })
  })

  it('a sale too old for a terminal refund goes to the acquirer, with a deadline still ahead', () => {
    const g = decideResolution({ ...base, occurred_at: '2026-09-01T10:00:00+08:00' }, at('2026-11-20T15:00:00+08:00'))
    expect(g.action).toBe('contact_acquirer')
    expect(g.deadline).toBe('2026-11-21T16:00:00.000Z')
    expect(g.steps).toContainEqual({ key: 'incidents.step.refund.window_passed', params: { deadline: '2026-10-01 23:59' } })
    // On the window's last day it is still a refund on the terminal.
    expect(decideResolution({ ...base, occurred_at: '2026-10-21T10:00:00+08:00' }, at('2026-11-20T15:00:00+08:00')).action).toBe('refund')
  })

  it('once the cardholder is reached, says to keep them informed instead', () => {
    const k = keys({ cardholder_contacted: true }, '2026-11-20T15:00:00+08:00')
    expect(k).toContain('incidents.step.cardholder_contacted')
    expect(k).not.toContain('incidents.step.contact_cardholder')
  })
})

describe('decideResolution: for any facts', () => {
  const facts = fc.record({
    kind: fc.constantFrom(...INCIDENT_KINDS),
    occurred_at: fc.integer({ min: Date.parse('2020-01-01T00:00:00Z'), max: Date.parse('2030-01-01T00:00:00Z') }).map((ms) => new Date(ms).toISOString()),
    settlement: fc.constantFrom(...SETTLEMENTS),
    batch_settled: fc.boolean(),
    amount_direction: fc.option(fc.constantFrom(...AMOUNT_DIRECTIONS), { nil: undefined }),
    cardholder_contacted: fc.boolean(),
  })
  const later = fc.integer({ min: 0, max: 40 * 86_400_000 })

  it('opens with "stop", closes with "no cash" and "keep the slip", contacts the cardholder before the acquirer', () => {
    fc.assert(fc.property(facts, later, (f, delta) => {
      const g = decideResolution(f, new Date(Date.parse(f.occurred_at) + delta))
      const k = g.steps.map((s) => s.key)
      expect(ACTIONS).toContain(g.action)
      expect(k[0]).toBe('incidents.step.stop')
      expect(k.slice(-2)).toEqual(['incidents.step.no_cash', 'incidents.step.keep_slip'])
      expect(new Set(k).size).toBe(k.length)
      const call = k.indexOf('incidents.step.acquirer.call')
      if (call >= 0) expect(k.findIndex((key) => key === 'incidents.step.contact_cardholder' || key === 'incidents.step.cardholder_contacted')).toBeLessThan(call)
    }))
  })

  it('voids only on the Shanghai day of the sale, with the batch open and not D0, and the deadline is that day\'s end', () => {
    fc.assert(fc.property(facts, later, (f, delta) => {
      const now = new Date(Date.parse(f.occurred_at) + delta)
      const g = decideResolution(f, now)
      if (g.action !== 'void') return
      expect(f.settlement).toBe('T1')
      expect(f.batch_settled).toBe(false)
      expect(now.getTime()).toBeLessThan(Date.parse(g.deadline!))
      expect(Date.parse(g.deadline!) - Date.parse(f.occurred_at)).toBeLessThanOrEqual(86_400_000)
      expect(new Date(Date.parse(g.deadline!) + 8 * 3_600_000).toISOString().slice(11)).toBe('00:00:00.000Z')
    }))
  })

  it('reads as complete sentences in both languages: every placeholder filled', () => {
    fc.assert(fc.property(facts, later, (f, delta) => {
      const g = decideResolution(f, new Date(Date.parse(f.occurred_at) + delta))
      for (const lang of ['zh-CN', 'en'] as const) {
        for (const s of g.steps) {
          const line = t(lang, s.key, s.params)
          expect(line).not.toMatch(/[{}]/)
          expect(line.length).toBeLessThanOrEqual(lang === 'zh-CN' ? 48 : 140)
        }
      }
    }))
  })
})

describe('beijingClock', () => {
  it('shows an end-of-day deadline as 23:59 of that day in Beijing', () => {
    expect(beijingClock(new Date('2026-11-20T16:00:00Z'))).toBe('2026-11-20 23:59')
    expect(beijingClock(new Date('2026-12-31T16:00:00Z'))).toBe('2026-12-31 23:59')
  })
})
