// Fills the CSP in dist/_headers with the SHA-256 hashes of every inline <script> and <style> block in the built
// pages. Starlight must inline a few scripts (the theme is applied before first paint, or pages flash); hashing
// them from the real output keeps the policy exact across Starlight upgrades, with no 'unsafe-inline' for scripts.
import { createHash } from 'node:crypto'
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script>/gi
const STYLE = /<style\b[^>]*>([\s\S]*?)<\/style>/gi
// Cloudflare ignores _headers lines longer than this.
const MAX_LINE = 2000

const sha256 = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`

async function htmlFiles(dir) {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true })
  return entries.filter((e) => e.isFile() && e.name.endsWith('.html')).map((e) => join(e.parentPath, e.name))
}

export function collectInlineHashes(html, scripts = new Set(), styles = new Set()) {
  for (const [, attrs, body] of html.matchAll(SCRIPT)) {
    if (/\ssrc=/i.test(attrs)) continue
    // Data blocks (JSON-LD etc.) never execute, so CSP does not apply to them.
    const type = /\stype="([^"]*)"/i.exec(attrs)?.[1]
    if (type && !/^(module|text\/javascript)$/i.test(type)) continue
    scripts.add(sha256(body))
  }
  for (const [, body] of html.matchAll(STYLE)) styles.add(sha256(body))
  return { scripts, styles }
}

/** @returns {import('astro').AstroIntegration} */
export default function inlineHashes() {
  return {
    name: 'swipesafe:inline-hashes',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const out = fileURLToPath(dir)
        const scripts = new Set()
        const styles = new Set()
        for (const file of await htmlFiles(out)) collectInlineHashes(await readFile(file, 'utf8'), scripts, styles)

        const path = join(out, '_headers')
        const before = await readFile(path, 'utf8')
        if (!before.includes(' {{inline-script-hashes}}')) throw new Error('_headers: CSP placeholder {{inline-script-hashes}} is missing')
        const list = (hashes) => (hashes.size ? ` ${[...hashes].sort().join(' ')}` : '')
        const after = before
          .replaceAll(' {{inline-script-hashes}}', list(scripts))
          .replaceAll(' {{inline-style-hashes}}', list(styles))
        const tooLong = after.split('\n').find((line) => line.length > MAX_LINE)
        if (tooLong) throw new Error(`_headers: a line is ${tooLong.length} characters; Cloudflare ignores lines over ${MAX_LINE}. Move inline blocks to files.`)
        await writeFile(path, after)
        logger.info(`CSP: ${scripts.size} inline script hash(es), ${styles.size} inline style hash(es)`)
      },
    },
  }
}
