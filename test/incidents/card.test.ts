import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { forbiddenCardFields, luhnValid, redactCardNumbers, reduceCardNumber, REDACTION_STARS } from '../../functions/incidents/card'
import { breakLuhn, fullWidth, luhnCheckDigit, makePan, nonLuhnArb, panArb, styledArb } from './pan'

const masked = (pan: string) => `${pan.slice(0, 6)}${REDACTION_STARS}${pan.slice(-4)}`
/** Characters that end a digit run: neither digits nor separators. */
const boundary = fc.constantFrom('：', 'x', '。', '\n', '号', '(', ')', ',', '*', '|')
const text = fc.string({ maxLength: 30 })

describe('luhnValid', () => {
  it('accepts generated card numbers and the all-zero string, refuses a changed check digit', () => {
    expect(luhnValid(makePan('62', 19))).toBe(true)
    expect(luhnValid(makePan('4', 16))).toBe(true)
    expect(luhnValid('0000000000000')).toBe(true)
    expect(luhnValid(breakLuhn(makePan('62', 16)))).toBe(false)
  })
  it('refuses empty input and anything but ASCII digits', () => {
    for (const bad of ['', ' ', '4111 1111', 'abc', fullWidth(makePan('62', 16))]) expect(luhnValid(bad)).toBe(false)
  })
  it('agrees with the check digit helper for any body', () => {
    fc.assert(fc.property(fc.stringMatching(/^\d{1,30}$/), (body) => luhnValid(body + luhnCheckDigit(body))))
  })
  it('catches every single-digit typo', () => {
    fc.assert(fc.property(panArb, fc.nat(), fc.integer({ min: 1, max: 9 }), (pan, pos, delta) => {
      const i = pos % pan.length
      const typo = pan.slice(0, i) + String((Number(pan[i]) + delta) % 10) + pan.slice(i + 1)
      return !luhnValid(typo)
    }))
  })
})

describe('reduceCardNumber', () => {
  it('keeps BIN and last 4 of a 19-digit UnionPay number typed in groups', () => {
    const pan = makePan('622202', 19)
    expect(reduceCardNumber(pan.replace(/(\d{4})(?=\d)/g, '$1 '))).toEqual({ bin: '622202', last4: pan.slice(-4) })
  })
  it('ignores dashes and full-width digits and spaces', () => {
    const pan = makePan('4', 16)
    expect(reduceCardNumber(fullWidth(pan.replace(/(\d{4})(?=\d)/g, '$1\u3000')))).toEqual({ bin: pan.slice(0, 6), last4: pan.slice(-4) })
    expect(reduceCardNumber(pan.replace(/(\d{4})(?=\d)/g, '$1-'))).toEqual({ bin: pan.slice(0, 6), last4: pan.slice(-4) })
  })
  it.each([
    ['12 digits', '123456789012'],
    ['20 digits', makePan('62', 20)],
    ['letters', '6222abcd12345678'],
    ['empty', ''],
    ['dots', makePan('62', 16).replace(/(\d{4})(?=\d)/g, '$1.')],
  ])('refuses %s as a format error', (_, input) => {
    expect(reduceCardNumber(input)).toEqual({ error: 'incidents.field.card_number' })
  })
  it('refuses a number failing Luhn (a typo) with its own message', () => {
    expect(reduceCardNumber(breakLuhn(makePan('62', 16)))).toEqual({ error: 'incidents.field.card_number_luhn' })
  })
})

describe('redactCardNumbers', () => {
  it('redacts "BIN******last4" for the examples of the issue, separated by spaces or dashes', () => {
    const up = makePan('622202', 19)
    const visa = makePan('411111', 16)
    const spaced = up.replace(/(\d{4})(?=\d)/g, '$1 ')
    const dashed = visa.replace(/(\d{4})(?=\d)/g, '$1-')
    const out = redactCardNumbers(`顾客卡号 ${spaced}，另一张 ${dashed}。`)
    expect(out).toEqual({ text: `顾客卡号 ${masked(up)}，另一张 ${masked(visa)}。`, redacted: 2 })
  })

  it('keeps phone numbers, dates, amounts and non-Luhn order numbers', () => {
    const order = breakLuhn(makePan('2026', 18))
    const input = `电话 13800138000，2026-11-20 14:30，金额 1,000.00 元，订单 ${order}，凭证号 000123`
    expect(redactCardNumbers(input)).toEqual({ text: input, redacted: 0 })
  })

  it('redacts any generated card number in any style embedded in any text, and only it', () => {
    fc.assert(fc.property(panArb.chain((pan) => styledArb(pan).map((styled) => ({ pan, styled }))), text, boundary, boundary, text,
      ({ pan, styled }, before, b1, b2, after) => {
        const out = redactCardNumbers(before + b1 + styled + b2 + after)
        expect(out.text).toBe(redactCardNumbers(before).text + b1 + masked(pan) + b2 + redactCardNumbers(after).text)
        expect(out.text).not.toContain(pan)
        expect(out.text).not.toContain(styled)
        expect(out.redacted).toBeGreaterThanOrEqual(1)
      }))
  })

  it('never leaves the middle digits of a card number written alone', () => {
    fc.assert(fc.property(panArb.chain(styledArb), (styled) => {
      const out = redactCardNumbers(styled).text
      expect(out).toMatch(/^\d{6}\*{6}\d{4}$/)
    }))
  })

  it('keeps runs of 13–19 digits that fail Luhn', () => {
    fc.assert(fc.property(nonLuhnArb, text, boundary, boundary, text, (run, before, b1, b2, after) => {
      const out = redactCardNumbers(before + b1 + run + b2 + after)
      expect(out.text).toBe(redactCardNumbers(before).text + b1 + run + b2 + redactCardNumbers(after).text)
    }))
  })

  it('is idempotent on digit-heavy text', () => {
    const unit = fc.constantFrom(...'0123456789012345678901234567890123456789 --\u3000\uff10\uff15ab*\n')
    fc.assert(fc.property(fc.string({ unit, maxLength: 120 }), (input) => {
      const once = redactCardNumbers(input).text
      expect(redactCardNumbers(once)).toEqual({ text: once, redacted: 0 })
    }), { numRuns: 500 })
  })

  it('decides like a naive reference: whole run or group-aligned stretch up to 19 digits, any window above', () => {
    /** Written differently from the implementation: slices and luhnValid, no prefix sums. */
    function naive(groups: string[]): boolean {
      const all = groups.join('')
      if (all.length > 19) {
        for (let len = 13; len <= 19; len++) for (let s = 0; s + len <= all.length; s++) if (luhnValid(all.slice(s, s + len))) return true
        return false
      }
      for (let a = 0; a < groups.length; a++) {
        for (let b = a + 1; b <= groups.length; b++) {
          const stretch = groups.slice(a, b).join('')
          if (stretch.length >= 13 && stretch.length <= 19 && luhnValid(stretch)) return true
        }
      }
      return false
    }
    const groupsArb = fc.array(fc.stringMatching(/^\d{1,9}$/), { minLength: 1, maxLength: 6 })
    fc.assert(fc.property(groupsArb, fc.constantFrom(' ', '-', ' - '), (groups, sep) => {
      const all = groups.join('')
      const expected = naive(groups) ? `${all.slice(0, 6)}${REDACTION_STARS}${all.slice(-4)}` : groups.join(sep)
      expect(redactCardNumbers(groups.join(sep)).text).toBe(expected)
    }), { numRuns: 2000 })
  })

  it('redacts a card number grouped with dots, slashes, underscores or invisible characters pasted in', () => {
    const pan = makePan('622202', 16)
    for (const sep of ['.', '/', '_', '．', '／', '\u200b', '\u00ad', '\u2060', '\ufeff', ' \u200b']) {
      const styled = pan.replace(/(\d{4})(?=\d)/g, `$1${sep}`)
      expect(redactCardNumbers(`卡号 ${styled} 已退`)).toEqual({ text: `卡号 ${masked(pan)} 已退`, redacted: 1 })
    }
  })

  it('redacts the whole run when a card number sits on group boundaries inside it', () => {
    const pan = makePan('62', 16)
    const grouped = pan.replace(/(\d{4})(?=\d)/g, '$1 ')
    // The card number followed by the time and amount without punctuation: one 22-digit run.
    expect(redactCardNumbers(`${grouped} 1430 88`).text).toBe(`${pan.slice(0, 6)}${REDACTION_STARS}3088`)
    // 18 digits in all, failing Luhn as a whole, but the first four groups are a card number.
    expect(redactCardNumbers(`${grouped} 12`).text).toBe(`${pan.slice(0, 6)}${REDACTION_STARS}${pan.slice(-2)}12`)
  })

  it('redacts a long digit run that contains a card number glued to other digits', () => {
    const pan = makePan('62', 16)
    const run = `20261120${pan}99`
    expect(redactCardNumbers(`流水号${run}`).text).toBe(`流水号202611${REDACTION_STARS}${run.slice(-4)}`)
  })

  it('keeps a long run in which no 13–19-digit window passes Luhn', () => {
    // Ones: a window of n ones sums to ceil(n/2) + 2*floor(n/2), never a multiple of 10 for n in 13..19.
    const ones = '1'.repeat(40)
    expect(redactCardNumbers(ones).text).toBe(ones)
  })

  it('treats line breaks and four or more separators as the end of a run', () => {
    const pan = makePan('62', 16)
    const split = `${pan.slice(0, 8)}\n${pan.slice(8)}`
    expect(redactCardNumbers(split).text).toBe(split)
    const wide = `${pan.slice(0, 8)}    ${pan.slice(8)}`
    expect(redactCardNumbers(wide).text).toBe(wide)
    expect(redactCardNumbers(`${pan.slice(0, 8)} - ${pan.slice(8)}`).text).toBe(masked(pan))
  })

  it('handles 64 KiB of adversarial input in one pass', () => {
    const size = 64 * 1024
    const inputs = [
      '1'.repeat(size),
      '1 '.repeat(size / 2),
      '1-'.repeat(size / 2),
      '12345 '.repeat(size / 6),
      '1    '.repeat(size / 5),
      (makePan('62', 16) + ' ').repeat(size / 17),
      (breakLuhn(makePan('62', 16)) + '，').repeat(size / 17),
    ]
    for (const input of inputs) {
      const once = redactCardNumbers(input).text
      expect(redactCardNumbers(once).text).toBe(once)
    }
    expect(redactCardNumbers(inputs[0]!).redacted).toBe(0)
    expect(redactCardNumbers(inputs[5]!).text).toMatch(/^\d{6}\*{6}\d{4} $/)
    expect(redactCardNumbers(inputs[6]!).redacted).toBe(0)
  })
})

describe('forbiddenCardFields', () => {
  it('names sensitive fields at any depth, in any spelling', () => {
    const body = {
      kind: 'wrong_card',
      cvv: '1', CVN2: '1', card: { last4: '1234', cvc: '1', 'card.cvv': '1', expiry: '12/29', exp_month: 12, expYear: 29, valid_thru: '1229' },
      pinBlock: 'x', PIN: '1', security_code: 1, track2: 'x', Track1Data: 'x', magstripe: 'x', magneticStripe: 'x',
      extra: [{ ok: 1 }, { 'card-expiration-date': 'x' }], 有效期: '12/29', 交易密码: '1',
      expirationDate: 'x', pin_code: 1, trackData: 'x', exp: 1,
      cardholder: { expire_date: 'x', password: 'x', valid_to: 'x', 到期日: 'x', 有效日期: 'x', card_verification_code: 'x' },
      iso: { DE35: 'x', de52: 'x', trk2: 'x' }, expireDate: 'x', card_expire: 'x',
    }
    expect(forbiddenCardFields(body)).toEqual([
      'CVN2', 'PIN', 'Track1Data', 'card.card.cvv', 'card.cvc', 'card.exp_month', 'card.expYear', 'card.expiry', 'card.valid_thru',
      'cvv', 'exp', 'expirationDate', 'extra.1.card-expiration-date', 'magneticStripe', 'magstripe', 'pinBlock', 'pin_code',
      'security_code', 'track2', 'trackData', '交易密码', '有效期',
      'cardholder.card_verification_code', 'cardholder.expire_date', 'cardholder.password', 'cardholder.valid_to', 'cardholder.到期日', 'cardholder.有效日期',
      'iso.DE35', 'iso.de52', 'iso.trk2', 'expireDate', 'card_expire',
    ].sort())
  })

  it('lets ordinary fields through, even ones containing the letters', () => {
    const body = {
      kind: 'x', shipping: 1, pinyin: 'wang fang', name_pinyin: 'x', expected_amount: 1, export: 1, tracking_no: 'x', description: 'CVV 和 PIN 都不要发',
      spinner: 1, opinion: 'x', experience: 1, card: { bin: '622202', last4: '1234' }, occurred_at: 'x', receipt: 'x',
    }
    expect(forbiddenCardFields(body)).toEqual([])
  })

  it('looks at keys only, and copes with non-objects and deep nesting', () => {
    expect(forbiddenCardFields(null)).toEqual([])
    expect(forbiddenCardFields('cvv')).toEqual([])
    expect(forbiddenCardFields([{ pin: 1 }])).toEqual(['0.pin'])
    let deep: unknown = { cvv: 1 }
    for (let i = 0; i < 20_000; i++) deep = { a: deep }
    expect(forbiddenCardFields(deep)).toHaveLength(1)
  })
})
