import type { ApiResult, Me } from '../../lib/api'
import { showFieldErrors, type ErrorTarget } from '../../lib/field-errors'
import { failureOf, sending, type FormWords } from '../../lib/form'
import { offerTerminals, signedInStaff, type GateStrings } from './staff'

// The two staff forms of the desk (report an incident, inspect a terminal) work alike around their own
// fields: the form shows once a staff member or manager is signed in, with the merchant's terminals to pick
// from; a submission is checked here, then by the API; its answer replaces the form; "another" starts over.
// Element ids follow `${prefix}-…`: `-status`, `-result`, `-error-other` (errors without a field).

export interface StaffFormWords extends GateStrings, FormWords {
  terminalPickHint: string
  working: string
  /** `{seconds}`. */
  tooMany: string
}

export type FieldErrors = Partial<Record<string, string>>

export abstract class StaffForm<S extends StaffFormWords, Input, Answer> extends HTMLElement {
  protected s!: S
  protected form!: HTMLFormElement
  protected status!: HTMLElement
  protected result!: HTMLElement
  protected me?: Me

  readonly #prefix: string
  readonly #preferOverdue: boolean
  /** Made anew whenever the form starts afresh; with the content it keys the submission (submissionKey). */
  #attempt = crypto.randomUUID()

  /** Ids start with `prefix`; `preferOverdue`: the terminal overdue for inspection is picked first. */
  constructor(prefix: string, preferOverdue = false) {
    super()
    this.#prefix = prefix
    this.#preferOverdue = preferOverdue
  }

  connectedCallback() {
    this.s = JSON.parse(this.dataset.strings ?? '{}')
    this.form = this.querySelector('form')!
    this.status = this.querySelector(`#${this.#prefix}-status`)!
    this.result = this.querySelector(`#${this.#prefix}-result`)!
    this.form.addEventListener('submit', (e) => {
      e.preventDefault()
      void this.#submit()
    })
    this.querySelector('[data-another]')!.addEventListener('click', () => this.#again())
    this.listen()
    this.fresh()
    void this.#start()
  }

  /** The form's own listeners, added once. */
  protected listen(): void {}
  /** What a fresh form shows beyond its HTML defaults (dependent fields, the time now); again on starting over. */
  protected fresh(): void {}
  /** Each field's error element, controls and focus target, in page order. */
  protected abstract targets(): [string, ErrorTarget][]
  /** The input to send, and the messages of this form's own checks by field. */
  protected abstract read(): { input: Input; errors: FieldErrors }
  protected abstract send(input: Input): Promise<ApiResult<Answer>>
  /** The field an API error path belongs to, or null (shown under the form). */
  protected abstract fieldOf(path: string): string | null
  /** Shows the answer in place of the form. */
  protected abstract render(answer: Answer): void
  /** Where focus goes when the form starts over. */
  protected abstract firstControl(): HTMLElement

  async #start() {
    const me = await signedInStaff(this, this.#prefix, this.s)
    if (!me) return
    this.me = me
    this.form.hidden = false
    await offerTerminals(this, this.#prefix, this.s.terminalPickHint, this.#preferOverdue)
  }

  /**
   * Counter Wi-Fi drops answers: the same content sent again from this form gets the answer already given,
   * not a second record. Edited content is a new submission (a new key), so the API never sees one key with
   * two bodies.
   */
  protected async submissionKey(input: Input): Promise<string> {
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(JSON.stringify(input))))
    const content = [...digest.subarray(0, 12)].map((b) => b.toString(16).padStart(2, '0')).join('')
    return `web:${this.#attempt}:${content}`
  }

  /** A control's trimmed value ('' when it is missing or disabled). */
  protected value(name: string): string {
    const el = this.form.elements.namedItem(name) as HTMLInputElement | RadioNodeList | null
    if (!el || (el instanceof HTMLInputElement && el.disabled)) return ''
    return el.value.trim()
  }

  protected showErrors(errors: FieldErrors, fallback: string, other = '') {
    this.querySelector(`#${this.#prefix}-error-other`)!.textContent = other
    showFieldErrors(this.targets(), errors, this.s, fallback, this.status)
  }

  async #submit() {
    const { input, errors } = this.read()
    if (Object.keys(errors).length) return this.showErrors(errors, this.s.failed)

    const res = await sending(this.form, this.status, this.s.working, () => this.send(input))
    if (res.ok) {
      this.showErrors({}, '')
      this.render(res.data)
      return
    }
    const f = failureOf(res, (path) => this.fieldOf(path), this.s)
    // A 403 names a terminal of another merchant: that is the terminal field's problem.
    if (res.status === 403 && !Object.keys(f.fields).length) return this.showErrors({ terminal_id: f.summary }, this.s.failed)
    this.showErrors(f.fields, f.summary, f.other.join(' '))
  }

  #again() {
    this.#attempt = crypto.randomUUID()
    this.form.reset()
    this.showErrors({}, '')
    this.fresh()
    this.result.hidden = true
    this.form.hidden = false
    this.firstControl().focus()
  }
}
