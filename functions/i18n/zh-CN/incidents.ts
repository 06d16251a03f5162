/** incidents 的中文消息。en/incidents.ts 有同样的键。 */
export const incidents = {
} as const
