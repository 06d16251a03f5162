import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { chromium, type Browser, type Page } from 'playwright-core'
import { expect } from 'vitest'

export const BASE = process.env.E2E_BASE_URL ?? 'http://localhost:8787'
export const credentials = JSON.parse(readFileSync(process.env.E2E_CREDENTIALS ?? '.wrangler/demo-credentials.json', 'utf8')) as {
  people: Record<string, { id: string; access_code: string }>
  terminals: Record<string, string>
}
export const DEMO_MERCHANT = '898330158120001'

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  })
}

/** A page that fails the test on any request to another origin and records console errors (CSP violations). */
export async function openPage(browser: Browser, path: string, opts: { width?: number; locale?: string } = {}) {
  const context = await browser.newContext({ viewport: { width: opts.width ?? 1280, height: 900 }, locale: opts.locale ?? 'zh-CN' })
  const page = await context.newPage()
  const foreign: string[] = []
  const consoleErrors: string[] = []
  page.on('request', (req) => { if (!req.url().startsWith(BASE) && !req.url().startsWith('data:') && !req.url().startsWith('blob:')) foreign.push(req.url()) })
  page.on('console', (msg) => { if (msg.type() === 'error') consoleErrors.push(msg.text()) })
  await page.goto(BASE + path, { waitUntil: 'networkidle' })
  return { page, foreign, consoleErrors, close: () => context.close() }
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/** axe-core with the WCAG 2.x A/AA rule sets (2.2 included); returns violations as short strings. */
export async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, so the page's CSP (no inline scripts) does not block it.
  await page.evaluate(axeSource)
  const result = await page.evaluate(async () => {
    // @ts-expect-error injected global
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } })
    return r.violations.map((v: { id: string; nodes: { target: string[] }[] }) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`)
  })
  return result as string[]
}

export async function expectNoSideScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
  expect(overflow).toBeLessThanOrEqual(0)
}
