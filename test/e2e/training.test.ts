import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findItem } from '../../functions/training/bank/index'
import { keyOf } from '../../functions/training/grading'
import { axeViolations, BASE, credentials, DEMO_MERCHANT, expectNoSideScroll, launch, openPage } from './browser'

// Practice, the certification exam by keyboard only, the certificate and the public verify page. Staff 002 (李强)
// only, so no other e2e file shares its attempt limit (3 per 24 h: this file uses 2).

let browser: Browser
beforeAll(async () => { browser = await launch() })
afterAll(async () => { await browser?.close() })

const STAFF = credentials.people[`${DEMO_MERCHANT}/002`]!

/** Tab (or Shift+Tab) until the focused element matches `selector`: the test only ever presses keys. */
async function tabTo(page: Page, selector: string) {
  for (let i = 0; i < 400; i++) {
    const where = await page.evaluate((sel) => {
      const target = document.querySelector(sel)
      const active = document.activeElement
      if (!target) return 'missing'
      if (active === target) return 'here'
      if (!active || active === document.body) return 'after'
      return active.compareDocumentPosition(target) & Node.DOCUMENT_POSITION_FOLLOWING ? 'after' : 'before'
    }, selector)
    if (where === 'here') return
    if (where === 'missing') throw new Error(`no element ${selector}`)
    await page.keyboard.press(where === 'after' ? 'Tab' : 'Shift+Tab')
  }
  throw new Error(`could not reach ${selector} with Tab`)
}

const itemSel = (id: string) => `.exam-item[data-item-id="${id}"]`

/** Give one exam item an answer with the keyboard: the key (to pass) or, when `wrong`, a wrong choice. */
async function answerByKeyboard(page: Page, id: string, wrong = false) {
  const item = findItem(id)!
  const key = keyOf(item)
  const base = itemSel(id)
  switch (item.type) {
    case 'single':
    case 'true_false': {
      const want = wrong ? item.choices.find((c) => c.id !== key)!.id : (key as string)
      await tabTo(page, `${base} input`)
      // Arrow keys move through the radio group and check as they go.
      for (let i = 0; i < 12 && !(await page.locator(`${base} input[value="${want}"]`).isChecked()); i++) await page.keyboard.press('ArrowDown')
      expect(await page.locator(`${base} input[value="${want}"]`).isChecked()).toBe(true)
      return
    }
    case 'multiple': {
      const want = wrong ? item.choices.filter((c) => !(key as string[]).includes(c.id)).slice(0, 1).map((c) => c.id) : (key as string[])
      for (const c of want) {
        await tabTo(page, `${base} input[value="${c}"]`)
        await page.keyboard.press('Space')
      }
      return
    }
    case 'amount':
      await tabTo(page, `${base} input`)
      await page.keyboard.type(wrong ? '99999.99' : (key as string))
      return
    case 'ordering': {
      const order = key as string[]
      const target = wrong ? [...order].reverse() : order
      for (let p = 0; p < target.length; p++) {
        const row = `${base} li[data-choice-id="${target[p]}"]`
        for (let n = 0; n < 20; n++) {
          const index = await page.locator(`${base} li`).evaluateAll((lis, id) => lis.findIndex((li) => (li as HTMLElement).dataset.choiceId === id), target[p])
          if (index <= p) break
          await tabTo(page, `${row} button[data-move="up"]`)
          await page.keyboard.press('Enter')
        }
      }
      return
    }
  }
}

describe('practice quiz', () => {
  it('draws five items on a lesson page, grades each in words with the explanation, and ends with a score', async () => {
    const { page, foreign, consoleErrors, close } = await openPage(browser, '/wrong-swipes/first-steps/')
    const quiz = page.locator('section.practice-quiz[data-module="wrong-swipes"]')
    await quiz.locator('.pq-start').focus()
    await page.keyboard.press('Enter')
    for (let n = 1; n <= 5; n++) {
      await expect.poll(() => quiz.locator('.pq-progress').textContent()).toBe(`第 ${n} / 5 题`)
      const item = quiz.locator('.pq-item')
      const type = await item.getAttribute('data-type')
      if (type === 'amount') await item.locator('input').fill('1.00')
      else if (type !== 'ordering') await item.locator('input').first().check()
      await quiz.locator('.pq-check').click()
      await expect.poll(() => quiz.locator('.pq-feedback').textContent()).toMatch(/回答(正确|错误)。.{4,}/)
      if (n === 1) expect(await axeViolations(page)).toEqual([])
      await quiz.locator('.pq-next').click()
    }
    expect(await quiz.locator('.pq-score').textContent()).toMatch(/得分：\d \/ 5 题答对/)
    expect(foreign).toEqual([])
    expect(consoleErrors.filter((e) => /Content Security Policy/i.test(e))).toEqual([])
    await expectNoSideScroll(page)
    await close()
  })

  it('speaks English on the English lesson', async () => {
    const { page, close } = await openPage(browser, '/en/wrong-swipes/first-steps/', { locale: 'en' })
    await page.locator('.pq-start').click()
    await expect.poll(() => page.locator('.pq-progress').textContent()).toBe('Question 1 of 5')
    expect(await axeViolations(page)).toEqual([])
    await close()
  })
})

describe('certification exam', () => {
  it('asks a visitor who is not signed in to sign in', async () => {
    const { page, close } = await openPage(browser, '/certification/exam/')
    await page.locator('#exam-sign-in').waitFor()
    expect(await page.locator('#exam-sign-in a').getAttribute('href')).toBe('/sign-in/')
    expect(await axeViolations(page)).toEqual([])
    await close()
  })

  it('fails an attempt with wrong answers and lists the missed topics, then passes by keyboard only, resumes after reload and gets a verifiable certificate', async () => {
    const { page, foreign, close } = await openPage(browser, '/sign-in/')
    const signIn = await page.request.post(`${BASE}/api/v1/auth/sign-in`, { data: { merchant_no: DEMO_MERCHANT, staff_no: '002', access_code: STAFF.access_code } })
    expect(signIn.status()).toBe(200)

    // 1. A failed attempt: three wrong answers, the rest left blank; the review lists what is unanswered.
    await page.goto(`${BASE}/certification/exam/`, { waitUntil: 'networkidle' })
    await page.locator('#exam-start').waitFor()
    expect(await page.locator('#exam-standing-text').textContent()).toMatch(/还可以考 3 次/)
    await tabTo(page, '#exam-start')
    await page.keyboard.press('Enter')
    await page.locator('.exam-item').first().waitFor()
    const ids = await page.locator('.exam-item').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.itemId!))
    expect(ids.length).toBe(24)
    expect(await page.locator('#exam-timer').textContent()).toMatch(/剩余时间：\d\d:\d\d/)
    for (const id of ids.slice(0, 3)) await answerByKeyboard(page, id, true)
    await expect.poll(() => page.locator('#exam-save-status').textContent(), { timeout: 10_000 }).toMatch(/已自动保存/)
    expect(await page.locator('#exam-progress').textContent()).toBe('已答 3 / 24 题')
    expect(await page.locator('#exam-review-list a').count()).toBe(21)
    expect(await axeViolations(page)).toEqual([])
    // A review link moves focus to the unanswered item.
    await tabTo(page, '#exam-review-list a')
    await page.keyboard.press('Enter')
    expect(await page.evaluate(() => document.activeElement?.closest('.exam-item')?.getAttribute('data-item-id'))).toBe(ids[3])
    await tabTo(page, '#exam-submit')
    await page.keyboard.press('Enter')
    await expect.poll(() => page.locator('#exam-submit-note').textContent()).toMatch(/未答/)
    await page.keyboard.press('Enter')
    await page.locator('#exam-result').waitFor()
    expect(await page.locator('#exam-verdict').textContent()).toMatch(/未通过/)
    expect(await page.locator('#exam-missed li').count()).toBeGreaterThan(3)
    expect(await page.locator('#exam-certificate-link').isVisible()).toBe(false)
    expect(await axeViolations(page)).toEqual([])

    // 2. A passing attempt, keys chosen with the keyboard; reload halfway to prove autosave + resume.
    await page.goto(`${BASE}/certification/exam/`, { waitUntil: 'networkidle' })
    await page.locator('#exam-start').waitFor()
    expect(await page.locator('#exam-standing-text').textContent()).toMatch(/已考 1 次，还可以考 2 次/)
    await tabTo(page, '#exam-start')
    await page.keyboard.press('Enter')
    await page.locator('.exam-item').first().waitFor()
    const ids2 = await page.locator('.exam-item').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.itemId!))
    for (const id of ids2.slice(0, 12)) await answerByKeyboard(page, id)
    await expect.poll(() => page.locator('#exam-save-status').textContent(), { timeout: 10_000 }).toMatch(/已自动保存/)
    await page.waitForTimeout(1200)
    await expect.poll(() => page.locator('#exam-save-status').textContent(), { timeout: 10_000 }).toMatch(/已自动保存/)
    await page.reload({ waitUntil: 'networkidle' })
    await page.locator('.exam-item').first().waitFor()
    expect(await page.locator('#exam-message').textContent()).toMatch(/已恢复/)
    expect(await page.locator('#exam-progress').textContent()).toBe('已答 12 / 24 题')
    for (const id of ids2.slice(12)) await answerByKeyboard(page, id)
    expect(await page.locator('#exam-review-summary').textContent()).toMatch(/所有题目都已作答/)
    await tabTo(page, '#exam-submit')
    await page.keyboard.press('Enter')
    await page.locator('#exam-result').waitFor()
    expect(await page.locator('#exam-verdict').textContent()).toMatch(/✓ 通过/)
    expect(await page.locator('#exam-score').textContent()).toMatch(/得分 100%/)
    const verifyHref = (await page.locator('#exam-certificate-link').getAttribute('href'))!
    expect(verifyHref).toMatch(/^\/verify\/\?id=crt_/)
    const printHref = (await page.locator('#exam-print-link').getAttribute('href'))!
    expect(printHref).toMatch(/^\/certification\/certificate\/\?id=crt_/)
    expect(await axeViolations(page)).toEqual([])

    // 3. The certificate link, followed by keyboard, opens the public verify page: valid.
    await tabTo(page, '#exam-certificate-link')
    await page.keyboard.press('Enter')
    await page.waitForURL(`${BASE}${verifyHref}`)
    await expect.poll(() => page.locator('#verify-status').textContent()).toMatch(/有效/)
    expect(await page.locator('#verify-result').textContent()).toMatch(/李\*/)
    expect(await axeViolations(page)).toEqual([])

    // 4. The printable certificate: bilingual, QR code drawn locally.
    await page.goto(BASE + printHref, { waitUntil: 'networkidle' })
    await page.locator('#certificate').waitFor()
    expect(await page.locator('#certificate').textContent()).toMatch(/培训合格证书[\s\S]*Certificate of Training[\s\S]*李\*/)
    expect(await page.locator('#certificate .cert-qr svg path').count()).toBe(1)
    expect(await axeViolations(page)).toEqual([])
    expect(foreign).toEqual([])
    await close()
  })
})

describe('verify page', () => {
  it('offers a form without an id and says in words when no certificate matches', async () => {
    for (const [path, notFound] of [['/verify/', /查无此证书/], ['/en/verify/', /No certificate with this ID/]] as const) {
      const { page, close } = await openPage(browser, path, { width: 360 })
      await page.locator('#verify-id').fill('crt_nosuchthing')
      await page.keyboard.press('Enter')
      await expect.poll(() => page.locator('#verify-message').textContent()).toMatch(notFound)
      expect(page.url()).toMatch(/\?id=crt_nosuchthing$/)
      await expectNoSideScroll(page)
      expect(await axeViolations(page)).toEqual([])
      await close()
    }
  })

  it('stays axe-clean in dark mode on the practice, exam and verify pages', async () => {
    for (const path of ['/wrong-swipes/first-steps/', '/certification/exam/', '/verify/?id=crt_nosuchthing']) {
      const context = await browser.newContext({ colorScheme: 'dark', viewport: { width: 1280, height: 900 } })
      const page = await context.newPage()
      await page.goto(BASE + path, { waitUntil: 'networkidle' })
      expect(await page.getAttribute('html', 'data-theme')).toBe('dark')
      expect(await axeViolations(page), path).toEqual([])
      await context.close()
    }
  })
})
