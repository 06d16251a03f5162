import { describe, expect, it } from 'vitest'
import { allowedTransitions, amountIssues, assertTransition, escalationDueBy, INCIDENT_STATUSES, isIncidentStatus, isOverdue, type IncidentStatus } from '../../functions/incidents/lifecycle'

describe('transitions', () => {
  it.each([
    ['reported', 'contacting_cardholder'], ['reported', 'voided'], ['reported', 'refunded'], ['reported', 'reversed'], ['reported', 'escalated'],
    ['contacting_cardholder', 'voided'], ['contacting_cardholder', 'escalated'],
    ['voided', 'resolved'], ['refunded', 'refunded'], ['refunded', 'resolved'], ['reversed', 'resolved'],
    ['escalated', 'refunded'], ['escalated', 'voided'], ['escalated', 'resolved'], ['voided', 'escalated'],
    ['resolved', 'closed'],
  ] as const)('allows %s → %s', (from, to) => {
    expect(assertTransition(from, to)).toBeNull()
  })

  it.each([
    ['reported', 'closed'], ['reported', 'reported'], ['voided', 'refunded'], ['resolved', 'reported'], ['resolved', 'escalated'],
    ['contacting_cardholder', 'reported'], ['reversed', 'voided'],
  ] as const)('refuses %s → %s, listing what is allowed', (from, to) => {
    const err = assertTransition(from, to)
    expect(err).toEqual({ message: 'incidents.transition.illegal', params: { from, to, allowed: allowedTransitions(from).join(', ') }, allowed: [...allowedTransitions(from)] })
  })

  it('refuses anything from closed with its own message', () => {
    for (const to of INCIDENT_STATUSES) expect(assertTransition('closed', to)).toMatchObject({ message: 'incidents.transition.closed', allowed: [] })
  })

  it('refuses a status that does not exist', () => {
    expect(assertTransition('reported', 'deleted')?.allowed).toContain('voided')
    expect(isIncidentStatus('deleted')).toBe(false)
    expect(isIncidentStatus('escalated')).toBe(true)
  })

  it('reaches every state from reported, and closed from every state: no dead ends', () => {
    const reach = (from: IncidentStatus) => {
      const seen = new Set<IncidentStatus>([from])
      const queue = [from]
      while (queue.length) for (const next of allowedTransitions(queue.shift()!)) if (!seen.has(next)) { seen.add(next); queue.push(next) }
      return seen
    }
    expect([...reach('reported')].sort()).toEqual([...INCIDENT_STATUSES].sort())
    for (const s of INCIDENT_STATUSES) expect(reach(s).has('closed')).toBe(true)
    expect(allowedTransitions('closed')).toEqual([])
  })

  it('never goes back to reported', () => {
    for (const s of INCIDENT_STATUSES) expect(allowedTransitions(s)).not.toContain('reported')
  })
})

describe('amounts', () => {
  const amounts = { refunded: 90_000, fee_reversed: 0, fee_lost: 540, compensation: 0 }
  it('are required to resolve, zeros allowed', () => {
    expect(amountIssues('resolved', undefined, 100_000)).toEqual([{ path: 'amounts', message: 'incidents.amounts.required' }])
    expect(amountIssues('resolved', { refunded: 0, fee_reversed: 0, fee_lost: 0, compensation: 0 }, 100_000)).toEqual([])
    expect(amountIssues('resolved', amounts, 100_000)).toEqual([])
  })
  it('are optional on other events', () => {
    expect(amountIssues('refunded', undefined, 100_000)).toEqual([])
  })
  it('never give back more than was charged', () => {
    expect(amountIssues('resolved', { ...amounts, refunded: 100_001 }, 100_000)).toEqual([
      { path: 'amounts.refunded', message: 'incidents.amounts.refunded_exceeds', params: { amount: '1,000.00' } },
    ])
  })
})

describe('isOverdue', () => {
  const now = new Date('2026-11-21T00:00:00Z')
  it.each([
    ['reported', '2026-11-20T16:00:00.000Z', true],
    ['escalated', '2026-11-20T16:00:00.000Z', true],
    // The action was done in time; what is left (recording the outcome) has no deadline of its own.
    ['voided', '2026-11-20T16:00:00.000Z', false],
    ['refunded', '2026-11-20T16:00:00.000Z', false],
    ['reversed', '2026-11-20T16:00:00.000Z', false],
    ['reported', '2026-11-21T00:00:00.000Z', false],
    ['reported', '2026-11-21T16:00:00.000Z', false],
    ['resolved', '2026-11-20T16:00:00.000Z', false],
    ['closed', '2026-11-20T16:00:00.000Z', false],
    ['reported', null, false],
  ] as const)('%s due %s → %s', (status, due_by, overdue) => {
    expect(isOverdue({ status, due_by }, now)).toBe(overdue)
  })
  it('gives an escalation a week', () => {
    expect(escalationDueBy(now)).toBe('2026-11-28T00:00:00.000Z')
  })
})
