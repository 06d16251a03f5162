/** fees 的中文消息。en/fees.ts 有同样的键。 */
export const fees = {
} as const
