/** Small constructors that keep the item files readable. */
import type { Choice, Localized } from './types'

export function text(zh: string, en: string): Localized {
  return { 'zh-CN': zh, en }
}

export function choice(id: string, zh: string, en: string): Choice {
  return { id, text: text(zh, en) }
}

/** The two choices of every true_false item, always in this order. */
export function trueFalse(): Choice[] {
  return [choice('true', '正确', 'True'), choice('false', '错误', 'False')]
}

/** Sentence appended to every amount prompt, so the unit asked for is always the same. */
export const AMOUNT_UNIT = text('请以元为单位作答，保留两位小数。', 'Answer in yuan with two decimals.')

export function amountPrompt(zh: string, en: string): Localized {
  return text(`${zh}${AMOUNT_UNIT['zh-CN']}`, `${en} ${AMOUNT_UNIT.en}`)
}
