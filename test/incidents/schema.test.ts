import { createRoute, OpenAPIHono } from '@hono/zod-openapi'
import { describe, expect, it } from 'vitest'
import { toFieldError } from '../../functions/http/validation'
import { isMessageKey } from '../../functions/i18n'
import { REDACTION_STARS } from '../../functions/incidents/card'
import { IncidentEventRequest, IncidentIntake, IncidentIntakeFields, InspectionRequest } from '../../functions/incidents/schema'
import { breakLuhn, makePan } from './pan'

const valid = {
  kind: 'wrong_card', occurred_at: '2026-11-20T14:30:00+08:00', amount: 8600, card: { bin: '622202', last4: '0123' },
  card_type: 'debit', settlement: 'T1', terminal_id: 'T0000001', trace_no: '000123', batch_no: '000042',
}

/** path -> message, the way the route's 400 names them. */
function errorsOf(schema: { safeParse(v: unknown): { success: boolean; error?: { issues: unknown[] } } }, body: unknown) {
  const r = schema.safeParse(body)
  expect(r.success).toBe(false)
  return Object.fromEntries((r.error!.issues as Parameters<typeof toFieldError>[0][]).map(toFieldError).map((e) => [e.path, e.message]))
}

describe('IncidentIntake', () => {
  it('accepts the minimal body of a terminal', () => {
    const r = IncidentIntake.safeParse(valid)
    expect(r.success).toBe(true)
    expect(r.data).toMatchObject({ ...valid })
  })

  it('reduces card_number to BIN + last 4 and drops the number', () => {
    const pan = makePan('622202', 19)
    const r = IncidentIntake.parse({ ...valid, card: undefined, card_number: pan.replace(/(\d{4})(?=\d)/g, '$1 ') })
    expect(r.card).toEqual({ bin: '622202', last4: pan.slice(-4) })
    expect('card_number' in r).toBe(false)
    expect(JSON.stringify(r)).not.toContain(pan.slice(6, -4))
  })

  it('accepts card_number together with a matching card, refuses a different card', () => {
    const pan = makePan('622202', 16)
    expect(IncidentIntake.parse({ ...valid, card: { last4: pan.slice(-4) }, card_number: pan }).card).toEqual({ bin: '622202', last4: pan.slice(-4) })
    expect(errorsOf(IncidentIntake, { ...valid, card_number: pan })).toEqual({ card: 'incidents.field.card_mismatch' })
  })

  it('names a bad card number without echoing it', () => {
    const bad = breakLuhn(makePan('622202', 16))
    const r = IncidentIntake.safeParse({ ...valid, card: undefined, card_number: bad })
    expect(errorsOf(IncidentIntake, { ...valid, card: undefined, card_number: bad })).toEqual({ card_number: 'incidents.field.card_number_luhn' })
    expect(JSON.stringify(r.error)).not.toContain(bad)
    expect(errorsOf(IncidentIntake, { ...valid, card: undefined, card_number: '1234' })).toEqual({ card_number: 'incidents.field.card_number' })
  })

  it('names every bad field at once, in its own words', () => {
    const body = {
      kind: 'stolen', occurred_at: '2026-11-20 14:30', amount: 0, amount_direction: 'sideways', card: { bin: '62220', last4: '12345' },
      card_type: 'qr', settlement: 'T0', batch_settled: 'no', terminal_id: 'T-1', trace_no: '000000', batch_no: '42',
      reference_no: 'short', auth_code: '1234567', operator: 'operator-01', cardholder: { phone: '12345' }, description: 'x'.repeat(2001),
    }
    const errors = errorsOf(IncidentIntake, body)
    expect(errors).toEqual({
      kind: 'validation.invalid_value', occurred_at: 'incidents.field.occurred_at', amount: 'incidents.field.amount', amount_direction: 'validation.invalid_value',
      'card.bin': 'incidents.field.bin', 'card.last4': 'incidents.field.last4', card_type: 'validation.invalid_value', settlement: 'validation.invalid_value',
      batch_settled: 'validation.invalid_type', terminal_id: 'field.terminal_id', trace_no: 'incidents.field.trace_no', batch_no: 'incidents.field.batch_no',
      reference_no: 'incidents.field.reference_no', auth_code: 'incidents.field.auth_code', operator: 'incidents.field.operator',
      'cardholder.phone': 'incidents.field.phone', description: 'validation.too_big.string',
    })
    for (const message of Object.values(errors)) expect(isMessageKey(message)).toBe(true)
  })

  it('says "required" for missing fields and asks for the card along with them', () => {
    const errors = errorsOf(IncidentIntake, {})
    expect(Object.keys(errors).sort()).toEqual(['amount', 'batch_no', 'card', 'card_type', 'kind', 'occurred_at', 'settlement', 'terminal_id', 'trace_no'])
    expect(errors.card).toBe('incidents.field.card_required')
    for (const path of ['occurred_at', 'amount', 'terminal_id', 'trace_no', 'batch_no']) expect(errors[path]).toBe('validation.required')
    // zod reports a missing enum as a bad option (the shared mapper cannot tell them apart yet).
    for (const path of ['kind', 'card_type', 'settlement']) expect(['validation.required', 'validation.invalid_value']).toContain(errors[path])
  })

  it.each([
    ['fractional fen', 10.5], ['above 10^12', 1e12 + 1], ['negative', -1],
  ])('refuses an amount that is %s', (_, amount) => {
    expect(errorsOf(IncidentIntake, { ...valid, amount })).toEqual({ amount: 'incidents.field.amount' })
  })

  it('takes times with an offset or Z, not local times', () => {
    expect(IncidentIntake.safeParse({ ...valid, occurred_at: '2026-11-20T06:30:00Z' }).success).toBe(true)
    expect(IncidentIntake.safeParse({ ...valid, occurred_at: '2026-11-20T14:30:00.250+08:00' }).success).toBe(true)
    expect(errorsOf(IncidentIntake, { ...valid, occurred_at: '2026-11-20T14:30:00' })).toEqual({ occurred_at: 'incidents.field.occurred_at' })
  })

  it('redacts card numbers in the description and the cardholder name', () => {
    const pan = makePan('622202', 16)
    const spaced = pan.replace(/(\d{4})(?=\d)/g, '$1 ')
    const r = IncidentIntake.parse({ ...valid, description: `顾客说卡号 ${spaced}，刷错了`, cardholder: { name: `王芳${pan}` } })
    expect(r.description).toBe(`顾客说卡号 622202${REDACTION_STARS}${pan.slice(-4)}，刷错了`)
    expect(r.cardholder?.name).toBe(`王芳622202${REDACTION_STARS}${pan.slice(-4)}`)
  })

  it('reads a mobile number however it was typed', () => {
    for (const phone of ['13800138000', '138 0013 8000', '+86 138-0013-8000', '0086 13800138000']) {
      expect(IncidentIntake.parse({ ...valid, cardholder: { phone } }).cardholder?.phone).toBe('13800138000')
    }
    expect(errorsOf(IncidentIntake, { ...valid, cardholder: { phone: '12800138000' } })).toEqual({ 'cardholder.phone': 'incidents.field.phone' })
  })

  it('keeps the route in charge of unknown keys: they are dropped here, and the field list is exported', () => {
    expect('merchant_no' in IncidentIntake.parse({ ...valid, merchant_no: '898310058120001' })).toBe(false)
    expect(Object.keys(IncidentIntakeFields.shape)).toContain('card_number')
  })
})

describe('IncidentEventRequest', () => {
  it('needs the amounts to resolve', () => {
    expect(errorsOf(IncidentEventRequest, { to: 'resolved' })).toEqual({ amounts: 'incidents.amounts.required' })
    expect(IncidentEventRequest.safeParse({ to: 'resolved', amounts: { refunded: 90_000, fee_reversed: 0, fee_lost: 540, compensation: 0 } }).success).toBe(true)
    expect(IncidentEventRequest.safeParse({ to: 'contacting_cardholder', note: '已打电话' }).success).toBe(true)
  })
  it('refuses negative or fractional amounts, unknown statuses and unknown keys', () => {
    expect(errorsOf(IncidentEventRequest, { to: 'done', amounts: { refunded: -1, fee_reversed: 0.5, fee_lost: 0 }, extra: 1 })).toEqual({
      to: 'validation.invalid_value', 'amounts.refunded': 'incidents.field.fen', 'amounts.fee_reversed': 'incidents.field.fen',
      'amounts.compensation': 'validation.required', extra: 'validation.unrecognized_keys',
    })
  })
  it('redacts card numbers in the note', () => {
    const pan = makePan('4', 16)
    expect(IncidentEventRequest.parse({ to: 'escalated', note: `卡 ${pan}` }).note).toBe(`卡 ${pan.slice(0, 6)}${REDACTION_STARS}${pan.slice(-4)}`)
  })
})

describe('InspectionRequest', () => {
  const items = { seals: { result: 'pass' }, screws: { result: 'pass' }, wiring: { result: 'pass' }, overlay: { result: 'fail', note: '多了一层膜' }, card_slot: { result: 'pass' }, keypad: { result: 'pass' } }
  it('takes every item with pass/fail and the serial read', () => {
    expect(InspectionRequest.parse({ terminal_id: 'T0000001', items, serial_no_read: ' N910SN0001 ' })).toEqual({ terminal_id: 'T0000001', items, serial_no_read: 'N910SN0001' })
  })
  it('needs all six items', () => {
    const { keypad: _, ...five } = items
    expect(errorsOf(InspectionRequest, { terminal_id: 'T0000001', items: { ...five, seals: { result: 'ok' } }, serial_no_read: '' })).toEqual({
      'items.keypad': 'validation.required', 'items.seals.result': 'validation.invalid_value', serial_no_read: 'validation.too_small.string',
    })
  })
})

describe('OpenAPI', () => {
  it('documents the schemas (transforms and all) without throwing', () => {
    const app = new OpenAPIHono()
    for (const [path, schema] of [['/incidents', IncidentIntake], ['/events', IncidentEventRequest], ['/inspections', InspectionRequest]] as const) {
      app.openapi(createRoute({ method: 'post', path, request: { body: { content: { 'application/json': { schema } } } }, responses: { 204: { description: 'ok' } } }), (c) => c.body(null, 204))
    }
    const doc = app.getOpenAPI31Document({ openapi: '3.1.0', info: { title: 't', version: '1' } })
    const intake = doc.components?.schemas?.IncidentIntake as { properties: Record<string, unknown>; required: string[] }
    expect(Object.keys(intake.properties)).toContain('card_number')
    expect(intake.required).toContain('trace_no')
    expect(doc.components?.schemas).toHaveProperty('InspectionRequest')
  })
})
