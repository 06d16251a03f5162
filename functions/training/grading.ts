/**
 * Grading. Pure: item keys come from the bank, answers have passed `checkAnswer`. An exam result names
 * modules and topics with counts, never a key or which choice was right: a review that showed keys
 * would turn three attempts a day into a way to harvest the bank.
 */
import type { Module, QuestionItem } from './bank'
import { findItem } from './bank'
import { fenToYuan, parseYuan, type Answer } from './answers'
import type { ExamDefinition } from './exams'
import { isPass } from './exams'

export function isCorrect(item: QuestionItem, answer: Answer): boolean {
  switch (item.type) {
    case 'single':
    case 'true_false':
      return answer === item.answer
    case 'multiple':
      return Array.isArray(answer) && answer.length === item.answer.length && item.answer.every((id) => answer.includes(id))
    case 'ordering':
      return Array.isArray(answer) && answer.length === item.answer.length && item.answer.every((id, i) => answer[i] === id)
    case 'amount':
      return typeof answer === 'string' && parseYuan(answer) === item.answer
  }
}

/** The key in the same format a client answers in (amounts as yuan text). Only for graded practice items. */
export function keyOf(item: QuestionItem): Answer {
  return item.type === 'amount' ? fenToYuan(item.answer) : typeof item.answer === 'string' ? item.answer : [...item.answer]
}

export interface TopicResult { module: Module; topic: string; correct: number; total: number }
export interface ModuleResult { module: Module; correct: number; total: number }

/** What is stored for a submitted attempt; language-free, so a replay can be shown in any language. */
export interface ExamGrade {
  correct: number
  total: number
  /** Percent, rounded down: 79.2 shows as 79, never as a pass-looking 80. */
  score: number
  passed: boolean
  answered: number
  modules: ModuleResult[]
  topics: TopicResult[]
}

export function gradeExam(exam: ExamDefinition, itemIds: readonly string[], answers: ReadonlyMap<string, Answer>): ExamGrade {
  const topics = new Map<string, TopicResult>()
  const modules = new Map<Module, ModuleResult>()
  let correct = 0
  let answered = 0
  for (const id of itemIds) {
    const item = findItem(id)
    if (!item) throw new Error(`unknown item ${id}`)
    const answer = answers.get(id)
    const right = answer !== undefined && isCorrect(item, answer)
    if (answer !== undefined) answered++
    if (right) correct++
    const t = topics.get(`${item.module}/${item.topic}`) ?? { module: item.module, topic: item.topic, correct: 0, total: 0 }
    t.total++
    if (right) t.correct++
    topics.set(`${item.module}/${item.topic}`, t)
    const m = modules.get(item.module) ?? { module: item.module, correct: 0, total: 0 }
    m.total++
    if (right) m.correct++
    modules.set(item.module, m)
  }
  const total = itemIds.length
  return {
    correct, total, answered,
    score: total ? Math.floor((correct * 100) / total) : 0,
    passed: isPass(exam, correct, total),
    modules: [...modules.values()],
    topics: [...topics.values()],
  }
}
