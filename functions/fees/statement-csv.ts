import { csvField } from './csv'
import type { FeesKey } from './errors'
import type { Fen } from './money'
import type { LineResult } from './statement'

// The per-merchant lines of a statement as a CSV people open in Excel: a UTF-8 BOM (without it Excel
// reads the Chinese headers as GBK and garbles them), one header row in the caller's language, money in
// yuan with two decimals and no thousands separators (a comma would split the cell). A 15-digit merchant
// number would show as 8.98E+14, so it is written after a tab, which Excel keeps as text.

export const BOM = '\ufeff'

const HEADER: FeesKey[] = [
  'fees.statement.csv.merchant_no', 'fees.statement.csv.agent_id', 'fees.statement.csv.card', 'fees.statement.csv.settlement',
  'fees.statement.csv.plan', 'fees.statement.csv.sales', 'fees.statement.csv.voids', 'fees.statement.csv.refunds',
  'fees.statement.csv.sales_volume', 'fees.statement.csv.refund_volume', 'fees.statement.csv.volume', 'fees.statement.csv.merchant_fee',
  'fees.statement.csv.d0_fee', 'fees.statement.csv.capped', 'fees.statement.csv.profit', 'fees.statement.csv.own_profit',
]

/** 123456 fen -> "1234.56"; -5 -> "-0.05". */
export function yuan(fen: Fen): string {
  const sign = fen < 0 ? '-' : ''
  const abs = Math.abs(fen)
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

/** The whole CSV; `say` translates a message key. `ownAgent` is the statement's agent (its share gets a column). */
export function statementCsv(lines: readonly LineResult[], ownAgent: string, say: (key: FeesKey) => string): string {
  const out: string[] = [HEADER.map((k) => csvField(say(k))).join(',')]
  for (const l of lines) {
    const own = l.shares.find((s) => s.agent_id === ownAgent)?.profit ?? 0
    out.push(`\t${l.merchant_no},` + [
      l.agent_id, say(`fees.statement.csv.card.${l.card}` as FeesKey), l.settlement, `${l.plan_id} v${l.plan_version}`,
      l.sales, l.voids, l.refunds, yuan(l.sales_volume), yuan(l.refund_volume), yuan(l.volume), yuan(l.merchant_fee), yuan(l.d0_fee),
      l.capped, yuan(l.profit), yuan(own),
    ].map(csvField).join(','))
  }
  return BOM + out.join('\r\n') + '\r\n'
}
