import type { incidents as zh } from '../zh-CN/incidents'

/** English for zh-CN/incidents.ts: the type makes a missing key a compile error. */
export const incidents: Record<keyof typeof zh, string> = {
}
