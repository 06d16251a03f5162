// The business day (当日/当批) of Chinese acquiring is the calendar day in Asia/Shanghai (UTC+8, no DST).
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000

/** 'YYYY-MM-DD' of the Asia/Shanghai calendar day that contains `instant`. */
export function businessDay(instant: Date): string {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10)
}

export function sameBusinessDay(a: Date, b: Date): boolean {
  return businessDay(a) === businessDay(b)
}

/** The instant the Asia/Shanghai day `day` ('YYYY-MM-DD') ends (exclusive), in UTC. */
export function endOfBusinessDay(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 24 * 60 * 60 * 1000 - SHANGHAI_OFFSET_MS)
}
