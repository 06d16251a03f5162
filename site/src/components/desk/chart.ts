/**
 * Incidents per week by kind as inline SVG: one horizontal stacked bar per week (rows stay readable on a 360 px
 * phone, where twelve vertical bars would not), the week's total written at its end. Colours come from Starlight's
 * variables through classes in desk.css, so both themes work; the table next to the chart carries every number as
 * text, and the legend names each colour.
 */
import type { IncidentKind } from '../../lib/api'

const SVG = 'http://www.w3.org/2000/svg'
const SHANGHAI = 8 * 3_600_000
const DAY = 86_400_000

export interface WeekRow {
  /** Monday, YYYY-MM-DD (Asia/Shanghai). */
  week: string
  counts: Partial<Record<IncidentKind, number>>
  total: number
}

/** The last `n` weeks (Monday dates, oldest first) with their counts; weeks without incidents are zero rows. */
export function weekRows(data: { week: string; kind: IncidentKind; count: number }[], now = new Date(), n = 12): WeekRow[] {
  const today = new Date(now.getTime() + SHANGHAI)
  const monday = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) - ((today.getUTCDay() + 6) % 7) * DAY)
  const rows: WeekRow[] = []
  for (let i = n - 1; i >= 0; i--) {
    rows.push({ week: new Date(monday.getTime() - i * 7 * DAY).toISOString().slice(0, 10), counts: {}, total: 0 })
  }
  const byWeek = new Map(rows.map((r) => [r.week, r]))
  for (const d of data) {
    const row = byWeek.get(d.week)
    if (!row) continue
    row.counts[d.kind] = (row.counts[d.kind] ?? 0) + d.count
    row.total += d.count
  }
  return rows
}

/** "2026-11-23" -> "11/23". */
export const shortDate = (day: string) => `${Number(day.slice(5, 7))}/${Number(day.slice(8, 10))}`

function el<K extends keyof SVGElementTagNameMap>(name: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, name)
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v))
  if (text !== undefined) node.textContent = text
  return node
}

/**
 * The chart: `title` and `desc` name it for assistive technology (role="img"); the drawing itself is not read out —
 * the table is the accessible version.
 */
export function weeklySvg(rows: WeekRow[], kinds: readonly IncidentKind[], opts: { id: string; title: string; desc: string }): SVGSVGElement {
  const rowH = 24
  const top = 8
  const labelW = 46
  const barW = 270
  const width = 360
  const height = top * 2 + rows.length * rowH
  const max = Math.max(1, ...rows.map((r) => r.total))

  const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': `${opts.id}-title ${opts.id}-desc`, class: 'chart' })
  svg.append(el('title', { id: `${opts.id}-title` }, opts.title), el('desc', { id: `${opts.id}-desc` }, opts.desc))
  // The zero line, so an empty week still reads as "0" and not as missing.
  svg.append(el('line', { x1: labelW, x2: labelW, y1: top - 2, y2: height - top + 2, class: 'axis' }))

  rows.forEach((row, i) => {
    const y = top + i * rowH
    svg.append(el('text', { x: labelW - 6, y: y + rowH / 2, class: 'label', 'text-anchor': 'end', 'dominant-baseline': 'central' }, shortDate(row.week)))
    let x = labelW
    for (const kind of kinds) {
      const n = row.counts[kind] ?? 0
      if (!n) continue
      const w = (n / max) * barW
      svg.append(el('rect', { x, y: y + 4, width: w, height: rowH - 8, class: `seg k-${kind}` }))
      x += w
    }
    svg.append(el('text', { x: x + 5, y: y + rowH / 2, class: 'total', 'dominant-baseline': 'central' }, String(row.total)))
  })
  return svg
}
