// Sign-in throttling: fixed windows per account and per client. Pure, so the limits are unit-tested.
export const THROTTLE_WINDOW_SECONDS = 15 * 60
export const MAX_FAILURES_PER_ACCOUNT = 5
export const MAX_FAILURES_PER_CLIENT = 20

export interface Counter { failures: number; window_start: number }

/** Seconds the caller must wait, or 0 when a sign-in may be tried. */
export function retryAfter(counter: Counter | undefined, limit: number, now: number, window = THROTTLE_WINDOW_SECONDS): number {
  if (!counter) return 0
  const windowEnds = counter.window_start + window
  if (windowEnds <= now) return 0
  return counter.failures >= limit ? windowEnds - now : 0
}
