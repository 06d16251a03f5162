import { describe, expect, it } from 'vitest'
import type { TerminalState } from '../../functions/fees/activation'
import { planInput, share, statement, version, type Txn } from './statement-fixture'

// Reward 80 yuan once a terminal has a sale of 100 yuan or 5,000 yuan of volume within 10 days of its
// first sale; taken back if it does less than 10,000 yuan in the 15 days from activation.
const activation = { reward: 8000, first_swipe_min: 10_000, volume_min: 500_000, within_days: 10, clawback: { volume_below: 1_000_000, within_days: 15 } }
const plans = new Map([['std', [version(planInput({ activation }))]]])

function on(day: string, t: Omit<Txn, 'time'>): Txn {
  return { ...t, time: `${day}T12:00:00+08:00` }
}

function month(rows: Txn[], m = '2026-11', prior?: TerminalState[]) {
  return statement(rows, { plans, month: m, priorTerminals: new Map((prior ?? []).map((s) => [s.terminal_id, s])) })
}

describe('terminal activation rewards and claw-backs', () => {
  it('a first sale of 100 yuan activates the terminal that day and pays the merchant’s agent', () => {
    const s = month([on('2026-11-23', { id: 'A', amount: 10_000 })])
    expect(s.terminals).toEqual({ activated: 1, clawed_back: 0, kept: 0, expired: 0 })
    expect(share(s, 'SUB')).toMatchObject({ rewards: 8000, reward_count: 1, total: 8000 + 8 })
    expect(share(s, 'TOP')).toMatchObject({ rewards: 0 })
    expect(s.terminal_states).toEqual([expect.objectContaining({
      terminal_id: 'XH000001', agent_id: 'SUB', status: 'activated', first_sale_on: '2026-11-23', activated_on: '2026-11-23',
      activation_until: '2026-12-02', clawback_until: '2026-12-07', volume_since_activation: 10_000,
    })])
    expect(s.totals).toMatchObject({ rewards: 8000, profit: 8000 + 10 })
  })

  it('small sales activate on the day their volume reaches 5,000 yuan', () => {
    // Ten sales of 99.99 yuan (below the 100-yuan swipe) a day: 4,999.50 after five days, 5,999.40 on the sixth.
    const rows = Array.from({ length: 60 }, (_, i) => on(`2026-11-2${Math.floor(i / 10) + 1}`, { id: `A${i}`, amount: 9999 }))
    const s = month(rows)
    expect(s.terminal_states[0]).toMatchObject({ status: 'activated', activated_on: '2026-11-26', volume_since_activation: 99_990 })
  })

  it('a terminal that misses its window expires without a reward (废机)', () => {
    const s = month([on('2026-11-01', { id: 'A', amount: 5000 }), on('2026-11-11', { id: 'B', amount: 10_000 })])
    expect(s.terminal_states[0]).toMatchObject({ status: 'expired', activated_on: null, volume_to_activate: 5000 })
    expect(s.terminals).toEqual({ activated: 0, clawed_back: 0, kept: 0, expired: 1 })
    expect(share(s, 'SUB').rewards).toBe(0)
  })

  it('a voided 100-yuan swipe does not activate', () => {
    const s = month([on('2026-11-23', { id: 'A', amount: 10_000 }), on('2026-11-23', { id: 'V', type: 'void', amount: 10_000, original: 'A' }), on('2026-11-24', { id: 'B', amount: 100 })])
    expect(s.terminal_states[0]).toMatchObject({ status: 'pending', first_sale_on: '2026-11-24' })
  })

  it('claws the reward back in the month its window ends with too little volume', () => {
    const s = month([on('2026-11-01', { id: 'A', amount: 10_000 }), on('2026-11-10', { id: 'B', amount: 500_000 })])
    expect(s.terminal_states[0]).toMatchObject({ status: 'clawed_back', clawback_until: '2026-11-15', volume_since_activation: 510_000 })
    expect(share(s, 'SUB')).toMatchObject({ rewards: 8000, clawbacks: 8000, clawback_count: 1 })
    expect(s.terminals).toMatchObject({ activated: 1, clawed_back: 1 })
  })

  it('keeps the reward when the volume is there; volume after the window does not count', () => {
    const s = month([on('2026-11-01', { id: 'A', amount: 10_000 }), on('2026-11-15', { id: 'B', amount: 990_000 }), on('2026-11-16', { id: 'C', amount: 5_000_000 })])
    expect(s.terminal_states[0]).toMatchObject({ status: 'kept', volume_since_activation: 1_000_000 })
    const short = month([on('2026-11-01', { id: 'A', amount: 10_000 }), on('2026-11-16', { id: 'C', amount: 5_000_000 })])
    expect(short.terminal_states[0]).toMatchObject({ status: 'clawed_back' })
  })

  it('refunds count against the claw-back volume', () => {
    const s = month([on('2026-11-01', { id: 'A', amount: 1_010_000 }), on('2026-11-02', { id: 'R', type: 'refund', amount: 20_000, original: 'A' })])
    expect(s.terminal_states[0]).toMatchObject({ status: 'clawed_back', volume_since_activation: 990_000 })
  })

  it('carries a terminal across months: pending in November, activated in December, kept in December', () => {
    const nov = month([on('2026-11-28', { id: 'A', amount: 5000 })])
    expect(nov.terminal_states[0]).toMatchObject({ status: 'pending', activation_until: '2026-12-07', volume_to_activate: 5000 })
    expect(share(nov, 'SUB').rewards).toBe(0)
    const dec = month([on('2026-12-02', { id: 'B', amount: 10_000 }), on('2026-12-10', { id: 'C', amount: 1_000_000 })], '2026-12', nov.terminal_states)
    expect(dec.terminal_states[0]).toMatchObject({ status: 'kept', first_sale_on: '2026-11-28', activated_on: '2026-12-02', clawback_until: '2026-12-16' })
    expect(share(dec, 'SUB')).toMatchObject({ rewards: 8000, clawbacks: 0 })
  })

  it('decides a claw-back in a later month from the carried volume, even without new sales', () => {
    const nov = month([on('2026-11-25', { id: 'A', amount: 10_000 })])
    expect(nov.terminal_states[0]).toMatchObject({ status: 'activated', clawback_until: '2026-12-09' })
    const dec = month([], '2026-12', nov.terminal_states)
    expect(dec.terminal_states).toEqual([expect.objectContaining({ terminal_id: 'XH000001', status: 'clawed_back' })])
    expect(share(dec, 'SUB')).toMatchObject({ rewards: 0, clawbacks: 8000, total: -8000 })
  })

  it('never pays a terminal twice, and expires a pending one whose window ended in between', () => {
    const nov = month([on('2026-11-01', { id: 'A', amount: 10_000 }), on('2026-11-02', { id: 'B', amount: 2_000_000 }), on('2026-11-28', { id: 'C', terminal: 'XH000009', amount: 100 })])
    expect(nov.terminal_states.map((s) => [s.terminal_id, s.status])).toEqual([['XH000001', 'kept'], ['XH000009', 'pending']])
    const jan = month([on('2027-01-05', { id: 'D', amount: 10_000 })], '2027-01', nov.terminal_states)
    expect(share(jan, 'SUB').rewards).toBe(0)
    expect(jan.terminal_states.map((s) => [s.terminal_id, s.status])).toEqual([['XH000009', 'expired']])
  })

  it('expires a terminal whose window ended in a month without a statement, whatever it sells on the 1st after', () => {
    const sep = month([on('2026-09-28', { id: 'A', amount: 5000 })], '2026-09')
    expect(sep.terminal_states[0]).toMatchObject({ status: 'pending', activation_until: '2026-10-07' })
    // No October statement; a 200-yuan swipe on 1 November comes after the window.
    const nov = month([on('2026-11-01', { id: 'B', amount: 20_000 })], '2026-11', sep.terminal_states)
    expect(nov.terminal_states[0]).toMatchObject({ status: 'expired', activated_on: null, volume_to_activate: 5000 })
    expect(nov.terminals).toEqual({ activated: 0, clawed_back: 0, kept: 0, expired: 1 })
    expect(share(nov, 'SUB').rewards).toBe(0)
  })

  it('leaves out of a claw-back window that ended in a month without a statement the sales of the 1st after', () => {
    const sep = month([on('2026-09-25', { id: 'A', amount: 10_000 })], '2026-09')
    expect(sep.terminal_states[0]).toMatchObject({ status: 'activated', clawback_until: '2026-10-09' })
    const nov = month([on('2026-11-01', { id: 'B', amount: 2_000_000 })], '2026-11', sep.terminal_states)
    expect(nov.terminal_states[0]).toMatchObject({ status: 'clawed_back', volume_since_activation: 10_000 })
    expect(share(nov, 'SUB')).toMatchObject({ rewards: 0, clawbacks: 8000, clawback_count: 1 })
  })

  it('pays nothing when the plan has no activation reward', () => {
    const s = statement([on('2026-11-03', { id: 'A', amount: 10_000 })])
    expect(s.terminal_states).toEqual([])
    expect(s.totals.rewards).toBe(0)
  })
})
