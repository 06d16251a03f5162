// Streaming CSV for transaction files: text arrives in chunks of any size and lines are handed out one
// at a time, so a 100 MB upload never sits in memory. Fields are RFC 4180 (quotes, "" inside quotes),
// but a quoted field may not span lines: no column of a transaction file needs a line break, and
// refusing them keeps the reader a simple line splitter.

/** One line: `text.slice(start, end)` without making the slice; `quoted` when it contains a double quote. */
export type LineHandler = (text: string, start: number, end: number, lineNo: number, quoted: boolean) => void

/** Longer than any sensible transaction row: the file is not what it claims to be. */
export const MAX_LINE = 64 * 1024

export class LineTooLong extends Error {
  constructor(readonly line: number) { super(`line ${line} is longer than ${MAX_LINE} characters`) }
}

export class LineReader {
  private rest = ''
  private lineNo = 0
  private started = false

  constructor(private readonly onLine: LineHandler) {}

  /** Feed decoded text. A UTF-8 BOM at the very start is dropped (Excel writes one). */
  push(chunk: string): void {
    if (!this.started && chunk.length > 0) {
      this.started = true
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1)
    }
    let start = 0
    if (this.rest.length) {
      // The line that straddles two chunks is joined on its own, so every other line is read straight
      // from the decoder's flat string (a joined rest + chunk would make each charCodeAt dereference).
      const nl = chunk.indexOf('\n')
      if (nl < 0) {
        this.rest += chunk
        if (this.rest.length > MAX_LINE) throw new LineTooLong(this.lineNo + 1)
        return
      }
      const line = this.rest + chunk.slice(0, nl)
      this.rest = ''
      this.emit(line, 0, line.length)
      start = nl + 1
    }
    // The next quote at or after `start`, found once per chunk rather than once per line (no quadratic scan).
    let quote = chunk.indexOf('"', start)
    for (;;) {
      const nl = chunk.indexOf('\n', start)
      if (nl < 0) break
      if (quote >= 0 && quote < start) quote = chunk.indexOf('"', start)
      this.emit(chunk, start, nl, quote >= 0 && quote < nl)
      start = nl + 1
    }
    if (start < chunk.length) {
      this.rest = chunk.slice(start)
      if (this.rest.length > MAX_LINE) throw new LineTooLong(this.lineNo + 1)
    }
  }

  /** One line ending at `nl` (exclusive; a CR before it is dropped). */
  private emit(text: string, start: number, nl: number, quoted = text.indexOf('"', start) >= 0 && text.indexOf('"', start) < nl): void {
    const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl
    this.lineNo += 1
    this.onLine(text, start, end, this.lineNo, quoted)
  }

  /** The last line may have no line break. */
  end(): void {
    if (this.rest.length) {
      const text = this.rest
      this.rest = ''
      this.emit(text, 0, text.length)
    }
  }

  get lines(): number {
    return this.lineNo
  }
}

/** Split one CSV line into fields; null when its quotes are malformed. The common case has no quotes. */
export function splitCsvLine(line: string): string[] | null {
  if (line.indexOf('"') < 0) return line.split(',')
  const fields: string[] = []
  let i = 0
  for (;;) {
    if (line.charCodeAt(i) === 34) {
      let value = ''
      let j = i + 1
      for (;;) {
        const q = line.indexOf('"', j)
        if (q < 0) return null
        value += line.slice(j, q)
        if (line.charCodeAt(q + 1) === 34) { value += '"'; j = q + 2; continue }
        j = q + 1
        break
      }
      if (j < line.length && line.charCodeAt(j) !== 44) return null
      fields.push(value)
      if (j >= line.length) return fields
      i = j + 1
    } else {
      const comma = line.indexOf(',', i)
      const field = comma < 0 ? line.slice(i) : line.slice(i, comma)
      if (field.indexOf('"') >= 0) return null
      fields.push(field)
      if (comma < 0) return fields
      i = comma + 1
    }
  }
}

/** A field for a CSV we write: quoted when it holds a comma, quote or line break; formula-looking text neutralised. */
export function csvField(value: string | number): string {
  let s = String(value)
  // Spreadsheets run cells starting with = + - @ as formulas; names come from the database, so defuse them.
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s)) s = `'${s}`
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}
