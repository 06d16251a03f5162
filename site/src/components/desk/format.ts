/**
 * Small helpers the desk islands share: filling {placeholders} in strings from the page, and times in
 * Beijing time (the business day is Asia/Shanghai, whatever the browser's zone) — by plain offset arithmetic,
 * China has no daylight saving.
 */

export { fill } from '../../lib/text'

const SHANGHAI = 8 * 3_600_000

/** "2026-11-20T06:30:00.000Z" -> "2026-11-20 14:30" (Beijing time). */
export function beijing(iso: string): string {
  const t = Date.parse(iso)
  if (Number.isNaN(t)) return iso
  return new Date(t + SHANGHAI).toISOString().slice(0, 16).replace('T', ' ')
}

/**
 * A deadline as a cashier reads it: deadlines are exclusive end-of-day instants (midnight), so the last
 * minute before one is shown — "by 23:59" on the day, the same clock the API's steps use.
 */
export function beijingDeadline(iso: string): string {
  const t = Date.parse(iso)
  return Number.isNaN(t) ? iso : beijing(new Date(t - 60_000).toISOString())
}

/** Now in Beijing time, for date and time inputs: { date: "2026-11-20", time: "14:30" }. */
export function beijingNow(now = new Date()): { date: string; time: string } {
  const iso = new Date(now.getTime() + SHANGHAI).toISOString()
  return { date: iso.slice(0, 10), time: iso.slice(11, 16) }
}

/** Date and time inputs (Beijing time) -> ISO 8601 with the +08:00 offset the API wants. */
export function withBeijingOffset(date: string, time: string): string {
  return `${date}T${time.length === 5 ? `${time}:00` : time}+08:00`
}

/** An API field path -> the id part of its error element: "card.last4" -> "card-last4". */
export const pathId = (path: string) => path.replace(/\./g, '-')
