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

/** Message in `lang`, with `{name}` placeholders filled from `params`. */
export function t(lang: Lang, key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = catalogs[lang][key] ?? zhCN[key]
  return template.replace(/\{(\w+)\}/g, (_, name: string) => (name in params ? String(params[name]) : `{${name}}`))
}
