/**
 * Question bank types. One item carries both languages, so an item id means the same question in
 * zh-CN and en by construction. Keys (`answer`) live only here, on the server: routes must strip
 * them before anything reaches a browser.
 */
import type { Lang } from '../../env'

/** The six training modules; also the lesson folder names under site/src/content/docs/. */
export type Module = 'wrong-swipes' | 'card-data' | 'updates-wifi' | 'fraud' | 'fees' | 'consumers'

export type QuestionType = 'single' | 'multiple' | 'true_false' | 'ordering' | 'amount'

/** A text in every site language. */
export type Localized = { readonly [L in Lang]: string }

export interface Choice {
  /** 'a', 'b', … (true_false: 'true' / 'false'); unique within its item. */
  readonly id: string
  readonly text: Localized
}

interface ItemBase {
  /** Stable kebab-case id, prefixed by module (ws-, cd-, uw-, fr-, fe-, co-). Never reuse or renumber. */
  readonly id: string
  readonly module: Module
  /** Short kebab-case slug within the module, used for per-topic exam results. */
  readonly topic: string
  readonly prompt: Localized
  /** Why the answer is right: 1–3 sentences that teach the rule. */
  readonly explanation: Localized
  /** Rule or document behind the item, e.g. 'PCI DSS v4.0.1 9.5.1.2'. */
  readonly source?: string
}

/** One correct choice. */
export interface SingleItem extends ItemBase {
  readonly type: 'single'
  readonly choices: readonly Choice[]
  readonly answer: string
}

/** Two or more correct choices and at least one wrong one; graded as an exact set. */
export interface MultipleItem extends ItemBase {
  readonly type: 'multiple'
  readonly choices: readonly Choice[]
  readonly answer: readonly string[]
}

/** Choices are exactly `true` and `false`. */
export interface TrueFalseItem extends ItemBase {
  readonly type: 'true_false'
  readonly choices: readonly Choice[]
  readonly answer: 'true' | 'false'
}

/** `answer` lists every choice id in the correct order; the stored choice order is not the answer. */
export interface OrderingItem extends ItemBase {
  readonly type: 'ordering'
  readonly choices: readonly Choice[]
  readonly answer: readonly string[]
}

/**
 * A computed amount. The prompt asks for yuan with two decimals; `answer` is the exact result in
 * integer fen, which the grader compares with the parsed reply.
 */
export interface AmountItem extends ItemBase {
  readonly type: 'amount'
  readonly choices?: never
  readonly answer: number
}

export type QuestionItem = SingleItem | MultipleItem | TrueFalseItem | OrderingItem | AmountItem

export type QuestionBank = readonly QuestionItem[]

export interface ModuleInfo {
  readonly id: Module
  readonly title: Localized
}
