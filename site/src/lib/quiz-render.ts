/**
 * One quiz item as native form controls, shared by the practice quiz and the exam runner: a fieldset whose legend
 * is the prompt; radios (single, true/false), checkboxes (multiple), a list with move-up / move-down buttons
 * (ordering; keyboard-operable, each move announced), or a yuan text input (amount). Built with DOM calls and
 * textContent only: item text from the API is never parsed as HTML.
 */
import type { Answer, QuizItem } from './api-training'
import { fill } from './text'

export interface ItemStrings {
  multipleHint: string
  orderingHint: string
  amountLabel: string
  amountHint: string
  moveUp: string
  moveDown: string
  /** `{text}` moved to position `{position}` of `{count}`. */
  moved: string
}


function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag)
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v)
  if (text !== undefined) node.textContent = text
  return node
}

/** A DOM-safe id fragment for an item id. */
export const idPart = (id: string) => id.replace(/[^A-Za-z0-9_-]/g, '_')

/**
 * The fieldset for one item. `prefix` keeps ids unique when several quizzes share a page; `legendLead` is put
 * before the prompt (e.g. "第 3 题：").
 */
export function renderItem(item: QuizItem, s: ItemStrings, prefix: string, legendLead = ''): HTMLFieldSetElement {
  const base = `${prefix}-${idPart(item.id)}`
  const fs = el('fieldset', { class: 'qi', 'data-type': item.type })
  const legend = el('legend', { id: `${base}-legend`, tabindex: '-1' })
  if (legendLead) legend.append(el('span', { class: 'qi-lead' }, legendLead))
  legend.append(document.createTextNode(item.prompt))
  fs.append(legend)

  if (item.type === 'single' || item.type === 'true_false' || item.type === 'multiple') {
    const multiple = item.type === 'multiple'
    if (multiple) {
      const hint = el('p', { class: 'qi-hint', id: `${base}-hint` }, s.multipleHint)
      fs.append(hint)
      fs.setAttribute('aria-describedby', hint.id)
    }
    const list = el('div', { class: 'qi-choices' })
    for (const c of item.choices) {
      const id = `${base}-${idPart(c.id)}`
      const label = el('label', { for: id, class: 'qi-choice' })
      const input = el('input', { type: multiple ? 'checkbox' : 'radio', id, name: base, value: c.id })
      label.append(input, el('span', {}, c.text))
      list.append(label)
    }
    fs.append(list)
  } else if (item.type === 'ordering') {
    const hint = el('p', { class: 'qi-hint', id: `${base}-hint` }, s.orderingHint)
    fs.append(hint)
    fs.setAttribute('aria-describedby', hint.id)
    const ol = el('ol', { class: 'qi-order' })
    for (const c of item.choices) ol.append(orderRow(c, s))
    const status = el('p', { class: 'qi-order-status visually-hidden', 'aria-live': 'polite' })
    fs.append(ol, status)
    ol.addEventListener('click', (e) => {
      const button = (e.target as HTMLElement).closest<HTMLButtonElement>('button[data-move]')
      if (!button || fs.disabled) return
      const li = button.closest('li')!
      const up = button.dataset.move === 'up'
      const sibling = up ? li.previousElementSibling : li.nextElementSibling
      if (!sibling) return
      if (up) ol.insertBefore(li, sibling)
      else ol.insertBefore(sibling, li)
      fs.dataset.touched = '1'
      const rows = [...ol.children]
      const position = rows.indexOf(li) + 1
      // Keep focus on the moved row; at an edge the pressed button no longer applies, so use the other one.
      const atEdge = up ? position === 1 : position === rows.length
      li.querySelector<HTMLButtonElement>(`button[data-move="${atEdge ? (up ? 'down' : 'up') : button.dataset.move}"]`)!.focus()
      status.textContent = fill(s.moved, { text: li.querySelector('.qi-order-text')!.textContent ?? '', position, count: rows.length })
      fs.dispatchEvent(new Event('change', { bubbles: true }))
    })
  } else {
    const id = `${base}-amount`
    const label = el('label', { for: id, class: 'qi-amount-label' }, s.amountLabel)
    const hint = el('p', { class: 'qi-hint', id: `${id}-hint` }, s.amountHint)
    const input = el('input', {
      type: 'text', id, name: base, inputmode: 'decimal', autocomplete: 'off', spellcheck: 'false',
      maxlength: '16', 'aria-describedby': `${id}-hint`, class: 'qi-amount',
    })
    fs.append(label, hint, input)
  }
  return fs
}

function orderRow(c: { id: string; text: string }, s: ItemStrings): HTMLLIElement {
  const li = el('li', { 'data-choice-id': c.id })
  const text = el('span', { class: 'qi-order-text' }, c.text)
  const buttons = el('span', { class: 'qi-order-buttons' })
  for (const [dir, word] of [['up', s.moveUp], ['down', s.moveDown]] as const) {
    const b = el('button', { type: 'button', 'data-move': dir })
    b.append(document.createTextNode(word), el('span', { class: 'visually-hidden' }, `：${c.text}`))
    buttons.append(b)
  }
  li.append(text, buttons)
  return li
}

/**
 * The answer as the API wants it, or null when nothing is given. Ordering counts as answered once the person
 * moved something (`requireTouch`), or always when not required.
 */
export function readAnswer(fs: HTMLFieldSetElement, item: QuizItem, requireTouch = false): Answer | null {
  switch (item.type) {
    case 'single':
    case 'true_false':
      return fs.querySelector<HTMLInputElement>('input:checked')?.value ?? null
    case 'multiple': {
      const ids = [...fs.querySelectorAll<HTMLInputElement>('input:checked')].map((i) => i.value)
      return ids.length ? ids : null
    }
    case 'ordering':
      if (requireTouch && fs.dataset.touched !== '1') return null
      return [...fs.querySelectorAll<HTMLLIElement>('li[data-choice-id]')].map((li) => li.dataset.choiceId!)
    case 'amount': {
      const v = fs.querySelector<HTMLInputElement>('input')!.value.trim().replace(/[¥￥元,，\s]/g, '').replace('。', '.')
      return v ? v : null
    }
  }
}

/** Put a saved answer back (resume after reload). */
export function writeAnswer(fs: HTMLFieldSetElement, item: QuizItem, answer: Answer) {
  const ids = Array.isArray(answer) ? answer : [answer]
  if (item.type === 'ordering') {
    const ol = fs.querySelector('ol')!
    for (const id of ids) {
      const li = [...ol.children].find((x) => (x as HTMLElement).dataset.choiceId === id)
      if (li) ol.append(li)
    }
    fs.dataset.touched = '1'
  } else if (item.type === 'amount') {
    fs.querySelector<HTMLInputElement>('input')!.value = String(answer)
  } else {
    for (const input of fs.querySelectorAll<HTMLInputElement>('input')) input.checked = ids.includes(input.value)
  }
}

/** The key in words, for the practice feedback: choice texts (in order for ordering), or the amount in yuan. */
export function describeAnswer(item: QuizItem, answer: Answer, yuan: string, separator: string): string {
  if (item.type === 'amount') return fill(yuan, { amount: String(answer) })
  const ids = Array.isArray(answer) ? answer : [answer]
  return ids.map((id) => item.choices.find((c) => c.id === id)?.text ?? id).join(separator)
}

export { fill }
