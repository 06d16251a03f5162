import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { axeViolations, expectNoSideScroll, launch, openPage } from './browser'

let browser: Browser
beforeAll(async () => { browser = await launch() })
afterAll(async () => { await browser?.close() })

/** Every page the build produced (site/dist/**\/index.html), as a URL path. */
function builtPages(dir = 'site/dist', prefix = ''): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    const full = join(dir, name)
    if (statSync(full).isDirectory()) {
      if (!['_astro', 'pagefind', 'scalar'].includes(name)) out.push(...builtPages(full, `${prefix}/${name}`))
    } else if (name === 'index.html') out.push(`${prefix}/`)
  }
  return out.sort()
}

const pages = builtPages()

describe('the course in both languages', () => {
  it('has every zh-CN page in English under the same path', () => {
    const zh = pages.filter((p) => !p.startsWith('/en/'))
    const en = new Set(pages.filter((p) => p.startsWith('/en/')).map((p) => p.slice(3)))
    expect(zh.filter((p) => !en.has(p))).toEqual([])
    expect(zh.length).toBeGreaterThan(30)
  })

  it('has a glossary of at least 40 terms in each language, each linking to where it is taught', async () => {
    for (const path of ['/glossary/', '/en/glossary/']) {
      const { page, close } = await openPage(browser, path)
      const terms = await page.locator('main dt').count()
      expect(terms).toBeGreaterThanOrEqual(40)
      expect(await page.locator('main dd a[href^="/"]').count()).toBeGreaterThanOrEqual(40)
      await close()
    }
  })

  // One check per page keeps failures readable: which page, which rule.
  for (const path of pages) {
    it(`renders ${path} with zero axe violations and no sideways scroll at 360 px`, async () => {
      const wide = await openPage(browser, path)
      expect(await axeViolations(wide.page)).toEqual([])
      expect(wide.foreign).toEqual([])
      await wide.close()
      const narrow = await openPage(browser, path, { width: 360 })
      await expectNoSideScroll(narrow.page)
      await narrow.close()
    })
  }
})

async function search(page: Page, term: string): Promise<string[]> {
  await page.locator('site-search button[data-open-modal]').first().click()
  const input = page.locator('site-search input[type="search"], .pagefind-ui__search-input').first()
  await input.fill(term)
  await page.locator('.pagefind-ui__result-link').first().waitFor({ timeout: 15_000 })
  return page.locator('.pagefind-ui__result-link').evaluateAll((links) => links.slice(0, 3).map((a) => a.getAttribute('href') ?? ''))
}

describe('search finds the right lesson', () => {
  const zh: [string, RegExp][] = [['撤销', /wrong-swipes/], ['冲正', /wrong-swipes/], ['分润', /fees/], ['侧录', /fraud/], ['二清', /fees|fraud/]]
  const en: [string, RegExp][] = [['void', /\/en\/wrong-swipes/], ['reversal', /\/en\/wrong-swipes/], ['skimming', /\/en\/fraud/]]
  for (const [term, where] of zh) {
    it(`finds ${term} on the Chinese site`, async () => {
      const { page, close } = await openPage(browser, '/')
      const hits = await search(page, term)
      expect(hits.some((h) => where.test(h))).toBe(true)
      await close()
    })
  }
  for (const [term, where] of en) {
    it(`finds "${term}" on the English site`, async () => {
      const { page, close } = await openPage(browser, '/en/', { locale: 'en' })
      const hits = await search(page, term)
      expect(hits.some((h) => where.test(h))).toBe(true)
      await close()
    })
  }
})
