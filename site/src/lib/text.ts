/** "{count} fields" with { count: 2 } -> "2 fields"; a missing value becomes empty. */
export const fill = (text: string, vars: Record<string, string | number>) =>
  text.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''))
