import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { axeViolations, BASE, credentials, DEMO_MERCHANT, expectNoSideScroll, launch, openPage } from './browser'

let browser: Browser
beforeAll(async () => { browser = await launch() })
afterAll(async () => { await browser?.close() })

describe('home pages', () => {
  it('serves the zh-CN home at / with the three audiences, no foreign requests and no axe violations', async () => {
    const { page, foreign, consoleErrors, close } = await openPage(browser, '/')
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN')
    const text = await page.textContent('main')
    expect(text).toMatch(/收银员/)
    expect(text).toMatch(/代理商/)
    expect(text).toMatch(/持卡人|消费者/)
    expect(foreign).toEqual([])
    expect(consoleErrors.filter((e) => /Content Security Policy/i.test(e))).toEqual([])
    expect(await axeViolations(page)).toEqual([])
    await close()
  })

  it('serves the English home at /en/ with no axe violations', async () => {
    const { page, foreign, close } = await openPage(browser, '/en/')
    expect(await page.getAttribute('html', 'lang')).toBe('en')
    expect(await page.textContent('main')).toMatch(/cashier/i)
    expect(foreign).toEqual([])
    expect(await axeViolations(page)).toEqual([])
    await close()
  })

  it('switches language from zh-CN to English with the language picker', async () => {
    const { page, close } = await openPage(browser, '/wrong-swipes/')
    await page.locator('starlight-lang-select select').first().selectOption({ label: 'English' })
    await page.waitForURL(`${BASE}/en/wrong-swipes/`)
    expect(await page.getAttribute('html', 'lang')).toBe('en')
    await close()
  })

  it('fits a 360 px screen without sideways scrolling', async () => {
    for (const path of ['/', '/en/', '/sign-in/', '/en/sign-in/']) {
      const { page, close } = await openPage(browser, path, { width: 360 })
      await expectNoSideScroll(page)
      await close()
    }
  })

  it('keeps interactive pages axe-clean in dark mode too', async () => {
    for (const path of ['/sign-in/', '/fees/calculator/', '/en/fees/calculator/', '/desk/report/', '/desk/console/']) {
      const context = await browser.newContext({ colorScheme: 'dark', viewport: { width: 1280, height: 900 } })
      const page = await context.newPage()
      await page.goto(BASE + path, { waitUntil: 'networkidle' })
      expect(await page.getAttribute('html', 'data-theme')).toBe('dark')
      expect(await axeViolations(page), path).toEqual([])
      await context.close()
    }
  })

  it('serves security headers on pages', async () => {
    const res = await fetch(BASE + '/')
    const csp = res.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).not.toMatch(/https?:/)
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin')
  })

  it('passes unknown /.well-known/ paths (which run the Worker first) to the 404 page, never a 500', async () => {
    const res = await fetch(BASE + '/.well-known/appspecific/com.chrome.devtools.json')
    expect(res.status).toBe(404)
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
  })

  it('answers an unknown page with the 404 page', async () => {
    const res = await fetch(BASE + '/no-such-lesson/')
    expect(res.status).toBe(404)
    expect(await res.text()).toMatch(/404/)
  })
})

describe('search', () => {
  it('finds a Chinese term (撤销) with Pagefind', async () => {
    const { page, close } = await openPage(browser, '/')
    await page.locator('site-search button[data-open-modal]').first().click()
    await page.locator('site-search input[type="search"], .pagefind-ui__search-input').first().fill('撤销')
    const first = page.locator('.pagefind-ui__result-link').first()
    await first.waitFor({ timeout: 15_000 })
    expect(await first.getAttribute('href')).toMatch(/wrong-swipes/)
    await close()
  })
})

describe('sign-in page', () => {
  const staff = () => credentials.people[`${DEMO_MERCHANT}/001`]!

  it('shows field errors next to the fields for bad input', async () => {
    const { page, close } = await openPage(browser, '/sign-in/')
    await page.fill('[name="merchant_no"]', '123')
    await page.fill('[name="staff_no"]', '001')
    await page.fill('[name="access_code"]', 'x')
    await page.click('#sign-in-form [type="submit"]')
    await expect.poll(() => page.textContent('#error-merchant_no')).toMatch(/15 位数字/)
    expect(await page.getAttribute('[name="merchant_no"]', 'aria-invalid')).toBe('true')
    await close()
  })

  it('signs in by keyboard, shows who is signed in, and signs out', async () => {
    const { page, close } = await openPage(browser, '/en/sign-in/', { locale: 'en' })
    await page.focus('[name="merchant_no"]')
    await page.keyboard.type(DEMO_MERCHANT)
    await page.focus('[name="staff_no"]')
    await page.keyboard.type('001')
    await page.focus('[name="access_code"]')
    await page.keyboard.type(staff().access_code)
    await page.keyboard.press('Enter')
    await expect.poll(() => page.textContent('#sign-in-status'), { timeout: 10_000 }).toMatch(/王芳/)
    expect(await axeViolations(page)).toEqual([])

    await page.reload({ waitUntil: 'networkidle' })
    await expect.poll(() => page.textContent('#sign-in-status')).toMatch(/王芳/)
    await page.click('#sign-out')
    await expect.poll(async () => (await page.evaluate(() => fetch('/api/v1/auth/me').then((r) => r.status)))).toBe(401)
    await close()
  })

  it('tells a person with a wrong code that sign-in failed, in their language', async () => {
    const { page, close } = await openPage(browser, '/sign-in/')
    await page.fill('[name="merchant_no"]', DEMO_MERCHANT)
    await page.fill('[name="staff_no"]', '002')
    await page.fill('[name="access_code"]', 'AAAA-BBBB-CC')
    await page.click('#sign-in-form [type="submit"]')
    await expect.poll(() => page.textContent('#sign-in-status')).toMatch(/不正确/)
    expect(await axeViolations(page)).toEqual([])
    await close()
  })
})

describe('API reference', () => {
  it('renders /api/docs with its script from our own origin', async () => {
    const { page, foreign, close } = await openPage(browser, '/api/docs')
    await page.waitForSelector('text=SwipeSafe', { timeout: 20_000 })
    expect(foreign).toEqual([])
    await close()
  })
})
