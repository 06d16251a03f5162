import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { axeViolations, BASE, credentials, DEMO_MERCHANT, expectNoSideScroll, launch, openPage } from './browser'

let browser: Browser
beforeAll(async () => { browser = await launch() })
afterAll(async () => { await browser?.close() })

const staff = () => credentials.people[`${DEMO_MERCHANT}/001`]!
const manager = () => credentials.people[`${DEMO_MERCHANT}/900`]!

/** Text of an element that may not exist or be filled yet; null until it is. */
const textOf = (page: Page, selector: string) =>
  page.evaluate((sel) => document.querySelector(sel)?.textContent ?? null, selector)
const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '')

/** Signs in through the page's own session cookie (the sign-in form itself is tested in site.test.ts). */
/**
 * Submits `prefix`'s form twice: the first answer from `path` is lost on the way back (the shop's Wi-Fi) after
 * the Worker has acted on it; the form says it could not reach the server, and the cashier sends again.
 * Returns the first answer (what the Worker did) and the Idempotency-Key of each send.
 */
async function sendTwiceLosingFirstAnswer(page: Page, prefix: string, path: string) {
  const keys: string[] = []
  let first: Record<string, unknown> = {}
  await page.route(`**${path}`, async (route) => {
    keys.push(route.request().headers()['idempotency-key'] ?? '')
    first = await (await route.fetch()).json()
    await route.abort('connectionreset')
  }, { times: 1 })
  await page.click(`#${prefix}-form button[type="submit"]`)
  await expect.poll(() => page.textContent(`#${prefix}-status`)).toMatch(/connection|offline|network/i)

  const resend = page.waitForRequest((r) => r.url().endsWith(path) && r.method() === 'POST')
  await page.click(`#${prefix}-form button[type="submit"]`)
  keys.push((await resend).headers()['idempotency-key'] ?? '')
  return { first, keys }
}

async function signIn(page: Page, who: { access_code: string }, staffNo: string) {
  const res = await page.request.post(`${BASE}/api/v1/auth/sign-in`, {
    data: { merchant_no: DEMO_MERCHANT, staff_no: staffNo, access_code: who.access_code },
  })
  expect(res.status()).toBe(200)
}

/** Signs in through the API, reloads the page as that person, and waits until `shown` is no longer hidden. */
async function signInAndShow(page: Page, who: { access_code: string }, staffNo: string, shown: string) {
  await signIn(page, who, staffNo)
  await page.reload({ waitUntil: 'networkidle' })
  await page.waitForSelector(`${shown}:not([hidden])`)
}

/** Ids carried from one test to the next: the file's tests run in order, as one shift at the shop. */
let wrongCardId = ''
let fraudId = ''

describe('report form', () => {
  it('lets a cashier report a wrong card by keyboard and shows void guidance with the deadline', async () => {
    const { page, foreign, consoleErrors, close } = await openPage(browser, '/sign-in/')
    // Sign in by keyboard, as a cashier at the counter would.
    await page.focus('[name="merchant_no"]')
    await page.keyboard.type(DEMO_MERCHANT)
    await page.keyboard.press('Tab')
    await page.keyboard.type('001')
    await page.keyboard.press('Tab')
    await page.keyboard.type(staff().access_code)
    await page.keyboard.press('Enter')
    await expect.poll(() => page.textContent('#sign-in-status'), { timeout: 10_000 }).toMatch(/王芳/)

    await page.goto(`${BASE}/desk/report/`, { waitUntil: 'networkidle' })
    await page.waitForSelector('#report-form:not([hidden])')
    expect(await page.textContent('#report-gate')).toMatch(/王芳/)
    // There is no field that could take a full card number.
    expect(await page.locator('#report-form input[name="card_number"]').count()).toBe(0)
    expect(await page.getAttribute('#report-card-last4', 'maxlength')).toBe('4')

    await page.focus('#report-kind-wrong_card')
    await page.keyboard.press('Space')
    expect(await page.isChecked('#report-kind-wrong_card')).toBe(true)
    // The merchant's terminals are offered; the first is XH000001.
    expect(await page.evaluate(() => document.querySelector('#report-terminal_id')?.tagName)).toBe('SELECT')
    await page.focus('#report-amount')
    await page.keyboard.type('88.00')
    await page.keyboard.press('Tab')
    await page.keyboard.type('4321')
    await page.focus('[name="card_type"][value="credit"]')
    await page.keyboard.press('Space')
    await page.focus('#report-trace_no')
    await page.keyboard.type('000321')
    await page.keyboard.press('Tab')
    await page.keyboard.type('000007')
    await page.focus('#report-description')
    await page.keyboard.type('顾客递来两张卡，刷了另一张。卡号 4111 1111 1111 1111。')

    const request = page.waitForRequest((r) => r.url().endsWith('/api/v1/incidents') && r.method() === 'POST')
    await page.focus('#report-form button[type="submit"]')
    await page.keyboard.press('Enter')
    const body = (await request).postDataJSON()
    expect(body).toMatchObject({ kind: 'wrong_card', amount: 8800, card: { last4: '4321' }, card_type: 'credit', settlement: 'T1', terminal_id: 'XH000001', trace_no: '000321', batch_no: '000007' })
    expect(body.occurred_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\+08:00$/)
    expect(body).not.toHaveProperty('card_number')

    await expect.poll(() => textOf(page, '#report-action'), { timeout: 10_000 }).toMatch(/撤销/)
    expect(await focusedId(page)).toBe('report-action')
    const result = await page.innerText('#report-result')
    expect(result).toMatch(/最晚 \d{4}-\d{2}-\d{2} 23:59（北京时间）/)
    expect(await page.locator('#report-result ol li').count()).toBeGreaterThanOrEqual(5)
    expect(result).toMatch(/inc_[0-9a-z]{16}/)
    wrongCardId = /inc_[0-9a-z]{16}/.exec(result)![0]
    expect(await page.textContent('#report-status')).toMatch(/撤销/)

    // "Report another": an empty form again, the time set to now, focus on the first choice.
    await page.click('#report-result [data-another]')
    await page.waitForSelector('#report-form:not([hidden])')
    expect(await page.isHidden('#report-result')).toBe(true)
    expect(await focusedId(page)).toBe('report-kind-wrong_card')
    expect(await page.isChecked('#report-kind-wrong_card')).toBe(false)
    expect(await page.inputValue('#report-amount')).toBe('')
    expect(await page.inputValue('#report-occurred_date')).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(await page.textContent('#report-status')).toBe('')

    expect(foreign).toEqual([])
    expect(consoleErrors.filter((e) => /Content Security Policy/i.test(e))).toEqual([])
    expect(await axeViolations(page)).toEqual([])
    await close()
  })

  it('puts the API’s errors for a bad voucher no. and last 4 next to those fields, in English', async () => {
    const { page, close } = await openPage(browser, '/en/desk/report/', { locale: 'en' })
    await signInAndShow(page, staff(), '001', '#report-form')
    await page.check('#report-kind-wrong_amount')
    // Wrong amount asks which way; the default is "too high".
    expect(await page.isChecked('[name="amount_direction"][value="too_high"]')).toBe(true)
    await page.fill('#report-amount', '10')
    await page.fill('#report-card-last4', '12')
    await page.check('[name="card_type"][value="debit"]')
    await page.fill('#report-trace_no', '12')
    await page.fill('#report-batch_no', '000001')
    await page.click('#report-form button[type="submit"]')

    await expect.poll(() => page.textContent('#report-error-trace_no')).toMatch(/6 digits/)
    expect(await page.textContent('#report-error-card-last4')).toMatch(/4 digits/)
    const trace = page.locator('#report-trace_no')
    expect(await trace.getAttribute('aria-invalid')).toBe('true')
    expect(await trace.getAttribute('aria-describedby')).toContain('report-error-trace_no')
    expect(await page.getAttribute('#report-card-last4', 'aria-invalid')).toBe('true')
    // The first bad field in the form's order gets the focus; the summary names both.
    expect(await focusedId(page)).toBe('report-card-last4')
    expect(await page.textContent('#report-status')).toMatch(/2 to fix/)
    expect(await page.isHidden('#report-result')).toBe(true)
    expect(await axeViolations(page)).toEqual([])
    await close()
  })

  it('files a report sent again after a lost answer once: the resend gets the incident already filed', async () => {
    const { page, close } = await openPage(browser, '/en/desk/report/', { locale: 'en' })
    await signInAndShow(page, staff(), '001', '#report-form')
    await page.check('#report-kind-wrong_amount')
    await page.fill('#report-amount', '10')
    await page.fill('#report-card-last4', '1234')
    await page.check('[name="card_type"][value="debit"]')
    await page.fill('#report-trace_no', '000123')
    await page.fill('#report-batch_no', '000001')

    const { first, keys } = await sendTwiceLosingFirstAnswer(page, 'report', '/api/v1/incidents')
    const filed = first.id as string
    expect(filed).toMatch(/^inc_/)
    await expect.poll(() => textOf(page, '#report-result [data-slot="id"]'), { timeout: 10_000 }).toContain(filed)
    expect(keys[0]).toMatch(/^web:/)
    expect(keys[1]).toBe(keys[0])
    await close()
  })
})

describe('inspection form', () => {
  // Runs before the test whose failed inspection the console checks: this one must not be XH000002's last.
  it('records a failed inspection sent again after a lost answer once: the resend shows the incident already opened', async () => {
    const { page, close } = await openPage(browser, '/en/desk/inspection/', { locale: 'en' })
    await signInAndShow(page, staff(), '001', '#inspection-form')
    await page.selectOption('#inspection-terminal_id', 'XH000002')
    for (const item of ['seals', 'screws', 'wiring', 'overlay', 'card_slot', 'keypad']) {
      await page.check(`[name="${item}.result"][value="${item === 'seals' ? 'fail' : 'pass'}"]`)
    }
    await page.fill('#inspection-serial_no_read', 'LKL-P3-6613-0087')

    const { first, keys } = await sendTwiceLosingFirstAnswer(page, 'inspection', '/api/v1/inspections')
    const opened = (first.incident as { id: string }).id
    expect(opened).toMatch(/^inc_/)
    await expect.poll(() => page.innerText('#inspection-result'), { timeout: 10_000 }).toContain(opened)
    expect(keys[0]).toMatch(/^web:/)
    expect(keys[1]).toBe(keys[0])
    await close()
  })

  it('opens a suspected-fraud incident when an item fails and says to stop using the terminal', async () => {
    const { page, foreign, close } = await openPage(browser, '/desk/inspection/')
    await signInAndShow(page, staff(), '001', '#inspection-form')
    expect(await page.locator('#inspection-form fieldset[data-item]').count()).toBe(6)
    expect(await axeViolations(page)).toEqual([])

    await page.selectOption('#inspection-terminal_id', 'XH000002')
    for (const item of ['seals', 'screws', 'wiring', 'overlay', 'card_slot', 'keypad']) {
      await page.check(`[name="${item}.result"][value="${item === 'keypad' ? 'fail' : 'pass'}"]`)
    }
    await page.fill('#inspection-items-keypad-note', '键盘上多了一层薄膜')
    await page.fill('#inspection-serial_no_read', 'LKL-P3-6613-0087')
    const response = page.waitForResponse((r) => r.url().endsWith('/api/v1/inspections') && r.request().method() === 'POST')
    await page.click('#inspection-form button[type="submit"]')
    const answer = await (await response).json()
    expect(answer.passed).toBe(false)
    fraudId = answer.incident.id

    await expect.poll(() => textOf(page, '#inspection-result-heading')).toMatch(/疑似欺诈/)
    expect(await focusedId(page)).toBe('inspection-result-heading')
    const result = await page.innerText('#inspection-result')
    expect(result).toContain(fraudId)
    expect(result).toMatch(/键盘：不通过（键盘上多了一层薄膜）/)
    expect(result).toMatch(/停用终端并报案/)
    expect(result).toMatch(/停用这台终端/)
    expect(foreign).toEqual([])
    expect(await axeViolations(page)).toEqual([])
    await close()
  })

  it('asks for a choice on every item before sending anything', async () => {
    const { page, close } = await openPage(browser, '/en/desk/inspection/', { locale: 'en' })
    await signInAndShow(page, staff(), '001', '#inspection-form')
    let calls = 0
    page.on('request', (r) => { if (r.url().endsWith('/api/v1/inspections')) calls++ })
    await page.check('[name="seals.result"][value="pass"]')
    await page.click('#inspection-form button[type="submit"]')
    await expect.poll(() => page.textContent('#inspection-error-items-screws')).toMatch(/Choose Pass or Fail for "Screws"/)
    expect(await page.textContent('#inspection-error-serial_no_read')).toMatch(/Serial number/)
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('screws.result')
    expect(calls).toBe(0)
    await close()
  })
})

describe('manager console', () => {
  it('lists the reported incident, opens it, moves it to voided and resolved, and offers the CSV of the filter', async () => {
    expect(wrongCardId).not.toBe('')
    const { page, foreign, consoleErrors, close } = await openPage(browser, '/desk/console/')
    await signInAndShow(page, manager(), '900', '#console-body')
    const row = page.locator(`#incident-queue tbody tr[data-id="${wrongCardId}"]`)
    await row.waitFor()
    const rowText = await row.innerText()
    expect(rowText).toMatch(/刷错卡/)
    expect(rowText).toMatch(/88\.00/)
    expect(rowText).toMatch(/\*{12}4321/)
    expect(rowText).toMatch(/已上报/)
    expect(await page.locator('#incident-queue caption').count()).toBe(1)
    expect(await page.locator('#incident-queue thead th[scope="col"]').count()).toBe(6)
    expect(await axeViolations(page)).toEqual([])

    // Open the detail from the row, by keyboard.
    await row.locator('a').focus()
    await page.keyboard.press('Enter')
    await page.waitForSelector('#incident-detail:not([hidden])')
    expect(page.url()).toBe(`${BASE}/desk/console/?id=${wrongCardId}`)
    await expect.poll(() => focusedId(page)).toBe('detail-heading')
    const detail = await page.innerText('#incident-detail')
    expect(detail).toMatch(/建议：撤销/)
    // The card number typed into the description was masked before it was stored.
    expect(detail).toContain('411111******1111')
    expect(detail).not.toMatch(/4111 1111 1111 1111|4111111111111111/)
    expect(await page.locator('#detail-timeline li').count()).toBe(1)
    expect(await page.textContent('#detail-timeline')).toMatch(/王芳（收银员）/)
    // From "reported" the lifecycle allows these moves (resolving has its own form).
    const moves = await page.$$eval('#incident-detail [data-slot="moves"] button[data-to]', (bs) => bs.map((b) => (b as HTMLElement).dataset.to))
    expect(moves).toEqual(['contacting_cardholder', 'voided', 'refunded', 'reversed', 'escalated'])
    expect(await axeViolations(page)).toEqual([])

    await page.fill('#detail-note', '已在原终端撤销。')
    await page.click('#incident-detail button[data-to="voided"]')
    await expect.poll(() => textOf(page, '#detail-status')).toMatch(/已改为“已撤销”/)
    expect(await page.locator('#detail-timeline li').count()).toBe(2)
    expect(await page.innerText('#detail-timeline')).toMatch(/已上报 → 已撤销[\s\S]*已在原终端撤销。/)
    expect(await page.$$eval('#incident-detail [data-slot="moves"] button[data-to]', (bs) => bs.map((b) => (b as HTMLElement).dataset.to))).toEqual(['escalated'])

    // Resolve: the money went back by the void, so the refund starts at the full amount.
    expect(await page.inputValue('#detail-amount-refunded')).toBe('88.00')
    const resolved = page.waitForRequest((r) => r.url().endsWith(`/api/v1/incidents/${wrongCardId}/events`) && r.postDataJSON()?.to === 'resolved')
    await page.click('#resolve-form button[type="submit"]')
    expect((await resolved).postDataJSON().amounts).toEqual({ refunded: 8800, fee_reversed: 0, fee_lost: 0, compensation: 0 })
    await expect.poll(() => textOf(page, '#detail-status')).toMatch(/已改为“已解决”/)
    expect(await page.locator('#detail-timeline li').count()).toBe(3)
    expect(await page.isHidden('#resolve-form')).toBe(true)
    expect(await page.$$eval('#incident-detail [data-slot="moves"] button[data-to]', (bs) => bs.map((b) => (b as HTMLElement).dataset.to))).toEqual(['closed'])
    await expect.poll(() => row.innerText()).toMatch(/已解决/)

    // The CSV link follows the filter.
    await page.selectOption('#filter-status', 'resolved')
    await page.click('#incident-filters button[type="submit"]')
    await expect.poll(() => page.getAttribute('#csv-download', 'href')).toBe('/api/v1/incidents/export.csv?status=resolved')
    await expect.poll(() => page.locator('#incident-queue tbody tr').count()).toBe(1)
    const csv = await page.request.get(BASE + (await page.getAttribute('#csv-download', 'href'))!)
    expect(csv.status()).toBe(200)
    expect(csv.headers()['content-type']).toMatch(/text\/csv/)
    const text = await csv.text()
    expect(text.charCodeAt(0)).toBe(0xfeff)
    expect(text).toContain(wrongCardId)
    expect(text).not.toContain(fraudId)

    expect(foreign).toEqual([])
    expect(consoleErrors.filter((e) => /Content Security Policy/i.test(e))).toEqual([])
    await close()
  })

  it('shows the failed inspection, the weekly chart with its table, and the 409’s allowed moves', async () => {
    expect(fraudId).not.toBe('')
    const { page, close } = await openPage(browser, `/desk/console/?id=${fraudId}`)
    await signInAndShow(page, manager(), '900', '#incident-detail')
    expect(await page.innerText('#incident-detail')).toMatch(/停用终端并报案/)
    // An inspection found it: there is no sale, so no amount, card or voucher number, and no batch or cardholder facts.
    expect(await textOf(page, '#detail-heading')).toBe('疑似欺诈 · 终端巡检发现')
    const facts = await page.innerText('#incident-detail [data-slot="facts"]')
    expect(facts).toMatch(/终端巡检发现的问题/)
    expect(facts).not.toMatch(/0\.01 元|\*{6}0000|^凭证号$|^卡号$|^金额$/m)
    expect(await page.locator('#incident-detail [data-slot="fact-buttons"]').isHidden()).toBe(true)

    const inspection = await page.locator('#inspection-status tbody tr', { hasText: 'XH000002' }).innerText()
    expect(inspection).toMatch(/未通过/)
    expect(await page.locator(`#inspection-status a[data-incident="${fraudId}"]`).count()).toBe(1)
    const never = await page.locator('#inspection-status tbody tr', { hasText: 'XH000001' }).innerText()
    expect(never).toMatch(/从未检查/)
    expect(never).toMatch(/该检查了/)

    const chart = page.locator('#weekly-chart svg[role="img"]')
    expect(await chart.count()).toBe(1)
    expect(await page.textContent('#weekly-chart svg desc')).toMatch(/共 \d+ 起/)
    await page.click('#weekly-chart summary')
    const headers = await page.$$eval('#weekly-chart table thead th', (ths) => ths.map((th) => th.textContent))
    const thisWeek = (await page.locator('#weekly-chart table tbody tr').last().innerText()).trim().split(/\s+/)
    const count = (label: string) => Number(thisWeek[headers.indexOf(label)])
    expect(count('刷错卡'), `${headers} / ${thisWeek}`).toBeGreaterThanOrEqual(1)
    expect(count('疑似欺诈')).toBeGreaterThanOrEqual(1)
    expect(count('合计')).toBeGreaterThanOrEqual(2)

    // Someone else closes the incident's path meanwhile: the API's 409 lists what is allowed, and the buttons follow it.
    const other = await page.request.post(`${BASE}/api/v1/incidents/${fraudId}/events`, { data: { to: 'escalated', note: 'acquirer called' } })
    expect(other.status()).toBe(201)
    await page.click('#incident-detail button[data-to="contacting_cardholder"]')
    await expect.poll(() => textOf(page, '#detail-status')).toMatch(/现在可以改为/)
    expect(await page.$$eval('#incident-detail [data-slot="moves"] button[data-to]', (bs) => bs.map((b) => (b as HTMLElement).dataset.to))).toEqual(['voided', 'refunded', 'reversed'])
    expect(await axeViolations(page)).toEqual([])
    await close()
  })

  it('reveals the cardholder only on request and says the view is recorded', async () => {
    const { page, close } = await openPage(browser, '/en/desk/console/', { locale: 'en' })
    await signIn(page, manager(), '900')
    const created = await page.request.post(`${BASE}/api/v1/incidents`, {
      data: {
        kind: 'duplicate', occurred_at: new Date().toISOString(), amount: 2500, card: { last4: '9876' }, card_type: 'debit', settlement: 'T1',
        terminal_id: 'XH000001', trace_no: '000555', batch_no: '000007', cardholder: { name: '张三', phone: '13800138000' },
      },
    })
    expect(created.status()).toBe(201)
    const id = (await created.json()).id as string
    await page.goto(`${BASE}/en/desk/console/?id=${id}`, { waitUntil: 'networkidle' })
    await page.waitForSelector('#incident-detail:not([hidden])')
    expect(await page.textContent('#detail-cardholder')).toBe('张* 138****8000')
    expect(await page.textContent('#detail-reveal-note')).toMatch(/recorded/)
    await page.click('#detail-reveal')
    await expect.poll(() => textOf(page, '#detail-cardholder')).toBe('张三 13800138000')
    expect(await page.textContent('#detail-status')).toMatch(/recorded/)
    expect(await page.isHidden('#detail-reveal')).toBe(true)
    expect(await axeViolations(page)).toEqual([])
    await close()
  })

  it('sends anyone but a manager to sign in', async () => {
    const anon = await openPage(browser, '/desk/console/')
    await anon.page.waitForSelector('#console-signin:not([hidden])')
    expect(await anon.page.getAttribute('#console-signin a', 'href')).toBe('/sign-in/')
    expect(await anon.page.isHidden('#console-body')).toBe(true)
    expect(await axeViolations(anon.page)).toEqual([])
    await anon.close()

    const cashier = await openPage(browser, '/en/desk/console/', { locale: 'en' })
    await signInAndShow(cashier.page, staff(), '001', '#console-signin')
    expect(await cashier.page.textContent('#console-signin')).toMatch(/for managers/)
    expect(await cashier.page.getAttribute('#console-signin a', 'href')).toBe('/en/sign-in/')
    await cashier.close()

    const report = await openPage(browser, '/en/desk/report/', { locale: 'en' })
    await report.page.waitForSelector('#report-signin:not([hidden])')
    expect(await report.page.isHidden('#report-form')).toBe(true)
    await report.close()
  })
})

describe('desk pages', () => {
  it('fit a 360 px screen without sideways scrolling, signed in as the manager, with no axe violations', async () => {
    for (const path of ['/desk/', '/en/desk/', '/desk/report/', '/en/desk/report/', '/desk/inspection/', '/en/desk/inspection/', '/desk/console/', '/en/desk/console/']) {
      const { page, close } = await openPage(browser, path, { width: 360, locale: path.startsWith('/en/') ? 'en' : 'zh-CN' })
      await signIn(page, manager(), '900')
      await page.reload({ waitUntil: 'networkidle' })
      await expectNoSideScroll(page)
      expect(await axeViolations(page), path).toEqual([])
      await close()
    }
  })

  it('link the three pages from the desk overview and list the desk in the sidebar', async () => {
    const { page, close } = await openPage(browser, '/desk/')
    for (const href of ['/desk/report/', '/desk/inspection/', '/desk/console/', '/sign-in/']) {
      expect(await page.locator(`main a[href="${href}"]`).count(), href).toBeGreaterThan(0)
    }
    expect(await page.locator('nav[aria-label] a[href="/desk/console/"]').count()).toBeGreaterThan(0)
    await close()
  })
})
