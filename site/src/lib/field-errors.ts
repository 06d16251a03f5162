import { fill } from './text'

// Field errors on a form island, the same way everywhere: each field's message goes into its error element
// (which the control names in aria-describedby), its controls get aria-invalid while it has one, the status
// line lists the fields to fix in page order, and focus goes to the first of them.

/** One field as its errors see it. */
export interface ErrorTarget {
  /** Shows the field's message. */
  error: Element
  /**
   * Marked aria-invalid while the field has a message (a control two fields share, while either has one);
   * none where a fieldset carries the message (a radio group).
   */
  invalid: readonly (Element | null)[]
  /** Where focus goes when this is the first field in error. */
  focus: HTMLElement | null
  /** The field's name in the summary. */
  label: string
}

export interface SummaryWords {
  /** `{count}` fields to fix, `{fields}` their names joined by `listSeparator`. */
  summary: string
  listSeparator: string
}

/**
 * Shows `errors` (by field key) on `targets`, given in page order, and clears every other field. The status
 * line becomes the summary, or `fallback` when no field is in error; it is written to `status` (when given)
 * before focus moves to the first field in error, and returned.
 */
export function showFieldErrors(
  targets: Iterable<[string, ErrorTarget]>, errors: Partial<Record<string, string>>, words: SummaryWords, fallback: string, status?: HTMLElement,
): string {
  const bad: string[] = []
  let first: HTMLElement | null = null
  const invalid = new Map<Element, boolean>()
  for (const [key, t] of targets) {
    const message = errors[key] ?? ''
    t.error.textContent = message
    for (const control of t.invalid) if (control) invalid.set(control, invalid.get(control) === true || message !== '')
    if (message) {
      bad.push(t.label)
      first ??= t.focus
    }
  }
  for (const [control, on] of invalid) {
    if (on) control.setAttribute('aria-invalid', 'true')
    else control.removeAttribute('aria-invalid')
  }
  const line = bad.length ? fill(words.summary, { count: bad.length, fields: bad.join(words.listSeparator) }) : fallback
  if (status) status.textContent = line
  first?.focus()
  return line
}
