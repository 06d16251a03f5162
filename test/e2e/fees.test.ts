import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { axeViolations, expectNoSideScroll, launch, openPage } from './browser'

let browser: Browser
beforeAll(async () => { browser = await launch() })
afterAll(async () => { await browser?.close() })

/** Text of an element that may not exist yet (results are built on answer); null until it does. */
const textOf = (page: Page, selector: string) =>
  page.evaluate((sel) => document.querySelector(sel)?.textContent ?? null, selector)

const ZH = '/fees/calculator/'
const EN = '/en/fees/calculator/'

async function quote(page: Page, fields: { amount: string; card: 'debit' | 'credit' | 'qr'; rate: string }) {
  await page.fill('[name="amount_yuan"]', fields.amount)
  await page.check(`[name="card"][value="${fields.card}"]`)
  await page.fill('[name="merchant_rate"]', fields.rate)
  await page.click('#fee-calculator [type="submit"]')
}

describe('fee calculator', () => {
  it('gives 60.00 yuan for 10,000 yuan by credit card at 0.6 %, with the split and the explanation', async () => {
    const { page, foreign, consoleErrors, close } = await openPage(browser, ZH)
    await quote(page, { amount: '10000', card: 'credit', rate: '0.6' })
    await expect.poll(() => textOf(page, '#fee-total')).toBe('60.00')
    expect(await page.textContent('#fee-net')).toBe('9,940.00')
    expect(await page.getAttribute('#fee-result', 'aria-live')).toBe('polite')
    const result = await page.innerText('#fee-result')
    expect(result).toMatch(/发卡行服务费\s*45\.00 元/)
    expect(result).toMatch(/网络服务费\s*3\.25 元/)
    expect(result).toMatch(/收单服务费\s*11\.75 元/)
    expect(result).toContain('10,000.00 元 × 0.6% = 60.00 元')
    expect(foreign).toEqual([])
    expect(consoleErrors.filter((e) => /Content Security Policy/i.test(e))).toEqual([])
    await close()
  })

  it('sends 230.5 yuan as exactly 23050 fen and 0.55 as "0.55%", and shows the half-up fee 1.27', async () => {
    const { page, close } = await openPage(browser, EN, { locale: 'en' })
    const request = page.waitForRequest('**/api/v1/fees/quote')
    await quote(page, { amount: '230.5', card: 'credit', rate: '0.55' })
    expect((await request).postDataJSON()).toMatchObject({ amount: 23050, card: 'credit', merchant_rate: '0.55%' })
    // 230.50 × 0.55 % = 1.26775 -> 1.27
    await expect.poll(() => textOf(page, '#fee-total')).toBe('1.27')
    await close()
  })

  it('shows a field error for "abc" next to the amount, in Chinese, without asking the API', async () => {
    const { page, close } = await openPage(browser, ZH)
    let calls = 0
    page.on('request', (req) => { if (req.url().includes('/api/v1/fees/quote')) calls++ })
    await quote(page, { amount: 'abc', card: 'credit', rate: '0.6' })
    await expect.poll(() => page.textContent('#fee-error-amount_yuan')).toMatch(/数字/)
    const amount = page.locator('[name="amount_yuan"]')
    expect(await amount.getAttribute('aria-invalid')).toBe('true')
    expect(await amount.getAttribute('aria-describedby')).toContain('fee-error-amount_yuan')
    expect(await amount.evaluate((el) => el === document.activeElement)).toBe(true)
    expect(calls).toBe(0)
    expect(await page.locator('#fee-total').count()).toBe(0)

    // Corrected, the message and the invalid mark go and the answer comes.
    await quote(page, { amount: '10000', card: 'credit', rate: '0.6' })
    await expect.poll(() => textOf(page, '#fee-total')).toBe('60.00')
    expect(await page.textContent('#fee-error-amount_yuan')).toBe('')
    expect(await amount.getAttribute('aria-invalid')).toBeNull()
    await close()
  })

  it('shows the same field error in English on the English page', async () => {
    const { page, close } = await openPage(browser, EN, { locale: 'en' })
    await quote(page, { amount: 'abc', card: 'credit', rate: '0.6' })
    await expect.poll(() => page.textContent('#fee-error-amount_yuan')).toMatch(/Enter a number/)
    expect(await page.textContent('#fee-error-amount_yuan')).not.toMatch(/[\u4e00-\u9fff]/)
    await close()
  })

  it('puts the API’s error for a rate with 5 decimals next to the rate field', async () => {
    const { page, close } = await openPage(browser, ZH)
    await quote(page, { amount: '100', card: 'credit', rate: '0.12345' })
    await expect.poll(() => page.textContent('#fee-error-merchant_rate')).toMatch(/4 位小数/)
    expect(await page.getAttribute('[name="merchant_rate"]', 'aria-invalid')).toBe('true')
    await close()
  })
})

describe('profit-share calculator', () => {
  const shares = (page: Page) =>
    page.$$eval('#ps-result .ps-share', (rows) => rows.map((r) => [(r as HTMLElement).dataset.agentId, r.querySelector('.ps-profit')?.textContent]))

  it('gives B 8.00, A 2.00 and 10.00 in all for the seed example (its defaults)', async () => {
    const { page, close } = await openPage(browser, ZH)
    expect(await page.inputValue('[name="volume_yuan"]')).toBe('10000')
    await page.click('#profit-share-calculator [type="submit"]')
    await expect.poll(() => textOf(page, '#ps-total')).toBe('10.00')
    expect(await shares(page)).toEqual([['A', '2.00'], ['B', '8.00']])
    expect(await page.locator('#ps-result table caption').count()).toBe(1)
    await close()
  })

  it('adds and removes a level by keyboard, moving focus sensibly', async () => {
    const { page, close } = await openPage(browser, EN, { locale: 'en' })
    const focused = () => page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null
      return el?.getAttribute('aria-label') ?? el?.getAttribute('name') ?? ''
    })
    await page.focus('#ps-add-level')
    await page.keyboard.press('Enter')
    await expect.poll(() => page.locator('.ps-level').count()).toBe(3)
    expect(await focused()).toBe('agent_id')
    expect(await page.textContent('.ps-level:nth-child(3) legend')).toBe('Level 3')
    await page.keyboard.type('C')
    await page.keyboard.press('Tab')
    expect(await focused()).toBe('cost_rate')
    await page.keyboard.type('0.55')
    await page.keyboard.press('Tab')
    expect(await focused()).toBe('Remove level 3')

    // Level 2 goes; the former level 3 moves up and its remove button keeps the focus.
    await page.focus('.ps-level:nth-child(2) .ps-remove-level')
    await page.keyboard.press('Space')
    await expect.poll(() => page.locator('.ps-level').count()).toBe(2)
    expect(await focused()).toBe('Remove level 2')
    expect(await page.inputValue('.ps-level:nth-child(2) [name="agent_id"]')).toBe('C')
    expect(await page.textContent('#ps-status')).toMatch(/Level 2 removed/)

    await page.keyboard.press('Enter')
    await expect.poll(() => page.locator('.ps-level').count()).toBe(1)
    // One level is the minimum: its remove button is off and focus lands in the remaining row.
    expect(await page.locator('.ps-remove-level').isDisabled()).toBe(true)
    expect(await focused()).toBe('agent_id')

    await page.click('#profit-share-calculator [type="submit"]')
    await expect.poll(() => textOf(page, '#ps-total')).toBe('10.00')
    expect(await shares(page)).toEqual([['A', '10.00']])
    await close()
  })

  it('shows a cost above the merchant rate next to that level’s cost field', async () => {
    const { page, close } = await openPage(browser, ZH)
    await page.fill('.ps-level:nth-child(2) [name="cost_rate"]', '0.7')
    await page.click('#profit-share-calculator [type="submit"]')
    await expect.poll(() => page.textContent('#ps-error-cost_rate-1')).toMatch(/高于商户费率/)
    expect(await page.getAttribute('.ps-level:nth-child(2) [name="cost_rate"]', 'aria-invalid')).toBe('true')
    expect(await page.getAttribute('.ps-level:nth-child(2) [name="cost_rate"]', 'aria-describedby')).toBe('ps-error-cost_rate-1')
    await close()
  })
})

describe('calculator pages', () => {
  it('have no axe violations, with results and errors on screen', async () => {
    for (const [path, locale] of [[ZH, 'zh-CN'], [EN, 'en']] as const) {
      const { page, close } = await openPage(browser, path, { locale })
      expect(await page.getAttribute('html', 'lang')).toBe(locale)
      expect(await axeViolations(page)).toEqual([])
      await quote(page, { amount: '10000', card: 'credit', rate: '0.6' })
      await page.waitForSelector('#fee-total')
      await page.click('#profit-share-calculator [type="submit"]')
      await page.waitForSelector('#ps-total')
      expect(await axeViolations(page)).toEqual([])
      await quote(page, { amount: 'abc', card: 'credit', rate: '0.6' })
      await page.waitForSelector('#fee-error-amount_yuan:not(:empty)')
      expect(await axeViolations(page)).toEqual([])
      await close()
    }
  })

  it('fit a 360 px screen without sideways scrolling, results included', async () => {
    for (const path of [ZH, EN]) {
      const { page, close } = await openPage(browser, path, { width: 360 })
      await page.click('#fee-calculator [type="submit"]')
      await page.waitForSelector('#fee-total')
      await page.click('#profit-share-calculator [type="submit"]')
      await page.waitForSelector('#ps-total')
      await expectNoSideScroll(page)
      await close()
    }
  })
})
