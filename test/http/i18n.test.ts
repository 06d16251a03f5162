import { describe, expect, it } from 'vitest'
import { pickLang, t } from '../../functions/i18n'

describe('messages', () => {
  it('fills every placeholder, in either language, the same on every call', () => {
    const params = { amount: '10,000.00', rate: '0.6%', fee: '60.00' }
    for (let i = 0; i < 3; i++) {
      expect(t('zh-CN', 'fees.explain.merchant_fee', params)).toBe('商户手续费：10,000.00 元 × 0.6% = 60.00 元')
      expect(t('en', 'fees.explain.merchant_fee', params)).toBe('Merchant fee: 10,000.00 yuan × 0.6% = 60.00 yuan')
    }
  })

  it('leaves a placeholder with no value visible rather than printing "undefined"', () => {
    expect(t('en', 'fees.explain.total', { total: '1.00', net: '99.00' })).toBe('Total fee 1.00 yuan, settled 99.00 yuan, effective rate {rate}')
  })

  it('prints numbers and zero values as given', () => {
    expect(t('en', 'fees.explain.total', { total: 0, net: 100, rate: '0%' })).toBe('Total fee 0 yuan, settled 100 yuan, effective rate 0%')
  })

  it.each([[undefined, 'zh-CN'], ['en-US,en;q=0.9', 'en'], ['fr, en;q=0.5', 'en'], ['en;q=0.4, zh;q=0.8', 'zh-CN'], ['de', 'zh-CN']])('picks a language from %s', (header, lang) => {
    expect(pickLang(header)).toBe(lang)
  })
})
