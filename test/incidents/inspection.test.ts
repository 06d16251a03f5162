import { describe, expect, it } from 'vitest'
import { t } from '../../functions/i18n'
import { evaluateInspection, INSPECTION_ITEMS, INSPECTION_LABELS, inspectionIncidentDescription, inspectionOverdue, normalizeSerial, type InspectionInput } from '../../functions/incidents/inspection'
import { REDACTION_STARS } from '../../functions/incidents/card'
import { makePan } from './pan'

const allPass = (): InspectionInput['items'] => Object.fromEntries(INSPECTION_ITEMS.map((i) => [i, { result: 'pass' }])) as InspectionInput['items']

describe('evaluateInspection', () => {
  it('passes when every item passes and the serial matches, ignoring case, spaces and full width', () => {
    for (const read of ['N910SN0001', 'n910 sn0001', ' N910SN0001 ', 'Ｎ９１０ＳＮ０００１']) {
      expect(evaluateInspection({ items: allPass(), serial_no_read: read }, 'N910SN0001')).toEqual({ passed: true, failures: [], serial_matches: true, serial: 'match' })
    }
  })

  it('fails on any failed item, keeping the notes', () => {
    const items = { ...allPass(), overlay: { result: 'fail', note: '键盘上多了一层膜' }, seals: { result: 'fail', note: '  ' } } as const
    const r = evaluateInspection({ items, serial_no_read: 'N910SN0001' }, 'N910SN0001')
    expect(r).toEqual({ passed: false, failures: [{ item: 'seals' }, { item: 'overlay', note: '键盘上多了一层膜' }], serial_matches: true, serial: 'match' })
  })

  it('fails on a serial that differs (the device may have been swapped)', () => {
    expect(evaluateInspection({ items: allPass(), serial_no_read: 'N910SN0002' }, 'N910SN0001')).toMatchObject({ passed: false, serial_matches: false, serial: 'mismatch' })
    expect(normalizeSerial('n910-sn 0001')).toBe('N910-SN0001')
  })

  it('fails closed when the inventory has no serial to compare with', () => {
    for (const onFile of [null, undefined, '']) {
      expect(evaluateInspection({ items: allPass(), serial_no_read: 'N910SN0001' }, onFile)).toMatchObject({ passed: false, serial_matches: false, serial: 'not_on_file' })
    }
  })
})

describe('inspectionIncidentDescription', () => {
  it('lists each finding in the reader\'s language and redacts card numbers typed into notes', () => {
    const pan = makePan('62', 16)
    const input: InspectionInput = { items: { ...allPass(), card_slot: { result: 'fail', note: `卡口里卡着一张卡 ${pan}` }, wiring: { result: 'fail' } }, serial_no_read: 'X1' }
    const r = evaluateInspection(input, 'N910SN0001')
    const zh = inspectionIncidentDescription(input, r, 'N910SN0001', 'zh-CN')
    expect(zh).toBe([
      '每班终端检查未通过，按疑似欺诈处理：',
      '- 线缆和接口：不通过',
      `- 插卡口和刷卡槽：不通过（卡口里卡着一张卡 ${pan.slice(0, 6)}${REDACTION_STARS}${pan.slice(-4)}）`,
      '- 序列号不符：机身上是 X1，设备清单上是 N910SN0001',
    ].join('\n'))
    const en = inspectionIncidentDescription(input, r, 'N910SN0001', 'en')
    expect(en).toContain('- Cables and ports: failed')
    expect(en).toContain('Serial number differs: device says X1, inventory says N910SN0001')
    expect(en).not.toContain(pan)
  })

  it('explains a missing inventory serial', () => {
    const input: InspectionInput = { items: allPass(), serial_no_read: 'SN9' }
    expect(inspectionIncidentDescription(input, evaluateInspection(input, null), null, 'zh-CN')).toContain('设备清单没有登记序列号')
  })

  it('stays within the 2000 characters of a description', () => {
    const note = '膜'.repeat(500)
    const items = Object.fromEntries(INSPECTION_ITEMS.map((i) => [i, { result: 'fail', note }])) as InspectionInput['items']
    const input = { items, serial_no_read: 'X' }
    expect(inspectionIncidentDescription(input, evaluateInspection(input, 'Y'), 'Y', 'zh-CN').length).toBeLessThanOrEqual(2000)
  })
})

describe('labels', () => {
  it('has a label and a hint for every item in both languages', () => {
    for (const item of INSPECTION_ITEMS) {
      for (const lang of ['zh-CN', 'en'] as const) {
        expect(t(lang, INSPECTION_LABELS[item].label)).not.toBe('')
        expect(t(lang, INSPECTION_LABELS[item].hint).length).toBeGreaterThan(10)
      }
    }
  })
})

describe('inspectionOverdue', () => {
  const now = new Date('2026-11-20T20:00:00+08:00')
  it.each([
    [null, true],
    ['2026-11-20T08:00:00+08:00', false],
    ['2026-11-20T07:59:59+08:00', true],
    ['2026-11-20T12:00:00Z', false],
    ['not a date', true],
  ])('last inspection %s → overdue %s', (lastAt, overdue) => {
    expect(inspectionOverdue(lastAt, now)).toBe(overdue)
  })
  it('takes another shift length', () => {
    expect(inspectionOverdue('2026-11-20T08:00:00+08:00', now, 8)).toBe(true)
    expect(inspectionOverdue('2026-11-19T21:00:00+08:00', now, 24)).toBe(false)
  })
})
