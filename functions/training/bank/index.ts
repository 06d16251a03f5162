/**
 * The staff-training question bank: every item of every module, in both languages, with its key.
 * Server-side only — strip `answer` (and never send `explanation` before the item is answered)
 * before anything leaves the Worker.
 */
import { cardData } from './card-data'
import { consumers } from './consumers'
import { fees } from './fees'
import { fraud } from './fraud'
import type { Module, ModuleInfo, QuestionBank, QuestionItem } from './types'
import { updatesWifi } from './updates-wifi'
import { wrongSwipes } from './wrong-swipes'

export type * from './types'

/** The six modules in curriculum order, with their titles. */
export const modules: readonly ModuleInfo[] = [
  { id: 'wrong-swipes', title: { 'zh-CN': '刷错卡与交易异常', en: 'Wrong swipes and failed transactions' } },
  { id: 'card-data', title: { 'zh-CN': '保护顾客卡信息', en: 'Protecting card data' } },
  { id: 'updates-wifi', title: { 'zh-CN': 'POS 更新与联网', en: 'POS updates and Wi-Fi' } },
  { id: 'fraud', title: { 'zh-CN': '识别欺诈', en: 'Fraud at the terminal' } },
  { id: 'fees', title: { 'zh-CN': '费率与分润', en: 'Fees and profit share' } },
  { id: 'consumers', title: { 'zh-CN': '消费者须知', en: 'For consumers' } },
]

export const moduleIds: readonly Module[] = modules.map((m) => m.id)

/** Items per module, in the same order as `modules`. */
export const bankByModule: Readonly<Record<Module, QuestionBank>> = {
  'wrong-swipes': wrongSwipes,
  'card-data': cardData,
  'updates-wifi': updatesWifi,
  fraud,
  fees,
  consumers,
}

export const questionBank: QuestionBank = moduleIds.flatMap((id) => bankByModule[id])

const byId = new Map<string, QuestionItem>(questionBank.map((item) => [item.id, item]))

export function isModule(id: string): id is Module {
  return (moduleIds as readonly string[]).includes(id)
}

export function findItem(id: string): QuestionItem | undefined {
  return byId.get(id)
}
