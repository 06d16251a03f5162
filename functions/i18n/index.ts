import type { Lang } from '../env'
import { en } from './en'
import { zhCN } from './zh-CN'

export type MessageKey = keyof typeof zhCN
const catalogs: Record<Lang, Record<MessageKey, string>> = { 'zh-CN': zhCN, en }

/** zh-CN unless the caller prefers English (first matching language range wins, by q-value). */
export function pickLang(acceptLanguage: string | null | undefined): Lang {
  if (!acceptLanguage) return 'zh-CN'
  const ranges = acceptLanguage
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';')
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
      return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) || 0 : 1, i }
    })
    .filter((r) => r.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i)
  for (const r of ranges) {
    if (r.tag.startsWith('zh')) return 'zh-CN'
    if (r.tag.startsWith('en')) return 'en'
  }
  return 'zh-CN'
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(zhCN, key)
}

// Templates are split once into literal text and placeholder names: filling one is then a join, not a
// regex pass (an explanation has up to a dozen lines and is built on every quote).
type Compiled = { text: string[]; names: string[] }
const compiled: Record<Lang, Map<string, Compiled>> = { 'zh-CN': new Map(), en: new Map() }

function compile(template: string): Compiled {
  const text: string[] = []
  const names: string[] = []
  let last = 0
  for (const m of template.matchAll(/\{(\w+)\}/g)) {
    text.push(template.slice(last, m.index))
    names.push(m[1]!)
    last = m.index + m[0].length
  }
  text.push(template.slice(last))
  return { text, names }
}

/** Message in `lang`, with `{name}` placeholders filled from `params` (a missing one stays `{name}`). */
export function t(lang: Lang, key: MessageKey, params: Record<string, string | number> = {}): string {
  let c = compiled[lang].get(key)
  if (!c) compiled[lang].set(key, (c = compile(catalogs[lang][key] ?? zhCN[key])))
  let out = c.text[0]!
  for (let i = 0; i < c.names.length; i++) {
    const name = c.names[i]!
    out += (name in params ? String(params[name]) : `{${name}}`) + c.text[i + 1]!
  }
  return out
}
