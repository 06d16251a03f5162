/** training 的中文消息。en/training.ts 有同样的键。 */
export const training = {
} as const
