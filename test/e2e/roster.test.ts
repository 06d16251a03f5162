import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { axeViolations, BASE, credentials, DEMO_MERCHANT, expectNoSideScroll, launch, openPage } from './browser'

let browser: Browser
beforeAll(async () => { browser = await launch() })
afterAll(async () => { await browser?.close() })

describe('staff roster (manager)', () => {
  it('asks a visitor who is not signed in to sign in', async () => {
    const { page, close } = await openPage(browser, '/certification/roster/')
    await expect.poll(() => page.textContent('#roster-status')).toMatch(/店长身份登录/)
    expect(await page.locator('#roster-status a[href="/sign-in/"]').count()).toBe(1)
    await close()
  })

  it('lists the staff with status, lets the manager grant an extension by keyboard, and offers the CSV', async () => {
    const { page, close } = await openPage(browser, '/en/certification/roster/', { locale: 'en' })
    const manager = credentials.people[`${DEMO_MERCHANT}/900`]!
    const signIn = await page.request.post(`${BASE}/api/v1/auth/sign-in`, { data: { merchant_no: DEMO_MERCHANT, staff_no: '900', access_code: manager.access_code } })
    expect(signIn.status()).toBe(200)
    await page.reload({ waitUntil: 'networkidle' })
    const row = page.locator('#staff-roster tbody tr', { hasText: '王芳' })
    await row.waitFor()
    expect(await row.textContent()).toMatch(/Valid|Not certified|Expires within 30 days|Expired|Revoked/)
    expect(await page.getAttribute('#roster-csv', 'href')).toBe(`/api/v1/merchants/${DEMO_MERCHANT}/roster.csv`)

    await row.locator('input[type="number"]').focus()
    await page.keyboard.press('Control+A')
    await page.keyboard.type('20')
    await page.keyboard.press('Tab')
    await page.keyboard.press('Enter')
    await expect.poll(() => page.textContent('#roster-status')).toMatch(/Gave 王芳 20 extra minutes/)
    await expect.poll(() => row.textContent()).toMatch(/\+20/)
    expect(await axeViolations(page)).toEqual([])
    await page.setViewportSize({ width: 360, height: 800 })
    await expectNoSideScroll(page)
    await close()
  })
})
