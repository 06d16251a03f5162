import type { training as zh } from '../zh-CN/training'

/** English for zh-CN/training.ts: the type makes a missing key a compile error. */
export const training: Record<keyof typeof zh, string> = {
}
