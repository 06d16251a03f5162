import type { Lang } from '../env'
import { t, type MessageKey } from '../i18n'
import { redactCardNumbers } from './card'

// Per-shift terminal inspection (PCI DSS 9.5.1.2: inspect device surfaces for tampering or substitution),
// the six places of the fraud lesson plus the serial number read off the device's label.

export const INSPECTION_ITEMS = ['seals', 'screws', 'wiring', 'overlay', 'card_slot', 'keypad'] as const
export type InspectionItem = (typeof INSPECTION_ITEMS)[number]

/** Message keys the web form shows for each item: a label and what to look for. */
export const INSPECTION_LABELS: Record<InspectionItem, { label: MessageKey; hint: MessageKey }> = {
  seals: { label: 'incidents.inspection.seals.label', hint: 'incidents.inspection.seals.hint' },
  screws: { label: 'incidents.inspection.screws.label', hint: 'incidents.inspection.screws.hint' },
  wiring: { label: 'incidents.inspection.wiring.label', hint: 'incidents.inspection.wiring.hint' },
  overlay: { label: 'incidents.inspection.overlay.label', hint: 'incidents.inspection.overlay.hint' },
  card_slot: { label: 'incidents.inspection.card_slot.label', hint: 'incidents.inspection.card_slot.hint' },
  keypad: { label: 'incidents.inspection.keypad.label', hint: 'incidents.inspection.keypad.hint' },
}

export interface ItemCheck { result: 'pass' | 'fail'; note?: string }

export interface InspectionInput {
  items: Record<InspectionItem, ItemCheck>
  serial_no_read: string
}

/** match; mismatch; not_on_file when the inventory has no serial, so the device cannot be verified. */
export type SerialCheck = 'match' | 'mismatch' | 'not_on_file'

export interface InspectionResult {
  passed: boolean
  failures: { item: InspectionItem; note?: string }[]
  serial_matches: boolean
  serial: SerialCheck
}

/** Labels are read by eye: case, spaces and full-width characters (ＳＮ１２３) do not matter. */
export function normalizeSerial(serial: string): string {
  return serial.normalize('NFKC').replace(/\s+/g, '').toUpperCase()
}

/**
 * Fails closed: any failed item, a serial that differs from the inventory, or an inventory without a
 * serial (PCI DSS 9.5.1.1 wants one; a swapped device could not be told apart) fails the inspection, and
 * the route opens a suspected_fraud incident.
 */
export function evaluateInspection(input: InspectionInput, inventorySerial: string | null | undefined): InspectionResult {
  const failures = INSPECTION_ITEMS.filter((item) => input.items[item].result === 'fail').map((item) => {
    const note = input.items[item].note?.trim()
    return note ? { item, note } : { item }
  })
  const onFile = inventorySerial ? normalizeSerial(inventorySerial) : ''
  const read = normalizeSerial(input.serial_no_read)
  const serial: SerialCheck = !onFile ? 'not_on_file' : read === onFile ? 'match' : 'mismatch'
  return { passed: failures.length === 0 && serial === 'match', failures, serial_matches: serial === 'match', serial }
}

const MAX_DESCRIPTION = 2000

/**
 * The description of the suspected_fraud incident a failed inspection opens, in `lang`: one line per
 * finding. Notes are free text typed by staff, so card numbers are redacted here as well.
 */
export function inspectionIncidentDescription(input: InspectionInput, result: InspectionResult, inventorySerial: string | null | undefined, lang: Lang): string {
  const lines = [t(lang, 'incidents.inspection.description.title')]
  for (const f of result.failures) {
    const label = t(lang, INSPECTION_LABELS[f.item].label)
    lines.push(t(lang, f.note ? 'incidents.inspection.description.failed_note' : 'incidents.inspection.description.failed', { item: label, note: f.note ?? '' }))
  }
  if (result.serial === 'mismatch') {
    lines.push(t(lang, 'incidents.inspection.description.serial_mismatch', { read: input.serial_no_read.trim(), inventory: (inventorySerial ?? '').trim() }))
  } else if (result.serial === 'not_on_file') {
    lines.push(t(lang, 'incidents.inspection.description.serial_not_on_file', { read: input.serial_no_read.trim() }))
  }
  const text = redactCardNumbers(lines.join('\n')).text
  return text.length > MAX_DESCRIPTION ? text.slice(0, MAX_DESCRIPTION - 1) + '…' : text
}

/** A terminal needs an inspection each shift: none yet, or the last one more than `shiftHours` ago. */
export function inspectionOverdue(lastAt: string | null | undefined, now: Date, shiftHours = 12): boolean {
  if (!lastAt) return true
  const last = Date.parse(lastAt)
  return Number.isNaN(last) || now.getTime() - last > shiftHours * 3_600_000
}
