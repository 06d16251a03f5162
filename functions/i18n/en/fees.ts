import type { fees as zh } from '../zh-CN/fees'

/** English for zh-CN/fees.ts: the type makes a missing key a compile error. */
export const fees: Record<keyof typeof zh, string> = {
}
