import { describe, expect, it } from 'vitest'
import { checkAnswer, checkAnswerSet, fenToYuan, parseYuan } from '../../functions/training/answers'
import { findItem, questionBank } from '../../functions/training/bank'
import type { QuestionItem } from '../../functions/training/bank'
import { exams } from '../../functions/training/exams'
import { gradeExam, isCorrect, keyOf } from '../../functions/training/grading'

const first = <T extends QuestionItem['type']>(type: T) => questionBank.find((i) => i.type === type) as Extract<QuestionItem, { type: T }>

describe('yuan text to fen, exactly', () => {
  it.each([
    ['1.27', 127], ['8', 800], ['8.00', 800], ['0.5', 50], ['0.05', 5], ['  13.00 ', 1300], ['10000000000', null],
    ['9999999999.99', 999_999_999_999], ['1.275', null], ['1.', null], ['.5', null], ['-1.00', null], ['+1', null],
    ['1,000.00', null], ['1e3', null], ['', null], ['１.２７', null], ['0.1', 10], ['0.29', 29], ['1.15', 115],
  ])('%j → %j', (text, fen) => {
    expect(parseYuan(text as string)).toBe(fen)
  })

  it('formats fen as yuan text with two decimals', () => {
    expect(fenToYuan(127)).toBe('1.27')
    expect(fenToYuan(800)).toBe('8.00')
    expect(fenToYuan(5)).toBe('0.05')
    expect(fenToYuan(0)).toBe('0.00')
    for (let fen = 0; fen < 100_000; fen += 37) expect(parseYuan(fenToYuan(fen))).toBe(fen)
  })
})

describe('answer shapes', () => {
  it('single and true/false take one existing choice id', () => {
    const single = first('single')
    expect(checkAnswer(single, single.answer)).toEqual({ ok: true, value: single.answer })
    expect(checkAnswer(single, 'zz')).toMatchObject({ ok: false, message: 'training.answer.not_a_choice' })
    expect(checkAnswer(single, ['a'])).toMatchObject({ ok: false, message: 'training.answer.one_choice' })
    expect(checkAnswer(first('true_false'), 'yes')).toMatchObject({ ok: false })
  })

  it('multiple takes a non-empty set of existing ids without repeats', () => {
    const m = first('multiple')
    expect(checkAnswer(m, [...m.answer].reverse()).ok).toBe(true)
    expect(checkAnswer(m, [])).toMatchObject({ ok: false, message: 'training.answer.some_choices' })
    expect(checkAnswer(m, 'a')).toMatchObject({ ok: false, message: 'training.answer.some_choices' })
    expect(checkAnswer(m, [m.answer[0], m.answer[0]])).toMatchObject({ ok: false, message: 'training.answer.repeated_choice' })
    expect(checkAnswer(m, ['zz'])).toMatchObject({ ok: false, message: 'training.answer.not_a_choice' })
  })

  it('ordering takes every choice id exactly once', () => {
    const o = first('ordering')
    expect(checkAnswer(o, [...o.answer]).ok).toBe(true)
    expect(checkAnswer(o, o.answer.slice(1))).toMatchObject({ ok: false, message: 'training.answer.full_order' })
    expect(checkAnswer(o, [o.answer[0], ...o.answer.slice(0, -1)])).toMatchObject({ ok: false })
  })

  it('amount takes yuan as text only: a JSON number is refused, so no float ever reaches the grader', () => {
    const a = first('amount')
    expect(checkAnswer(a, fenToYuan(a.answer))).toEqual({ ok: true, value: fenToYuan(a.answer) })
    expect(checkAnswer(a, 1.27)).toMatchObject({ ok: false, message: 'training.answer.yuan' })
    expect(checkAnswer(a, '1.271')).toMatchObject({ ok: false, message: 'training.answer.yuan' })
  })

  it('splits a map of answers into good ones, bad shapes and items not in the attempt', () => {
    const single = first('single')
    const amount = first('amount')
    const check = checkAnswerSet([single.id, amount.id], { [single.id]: single.answer, [amount.id]: 12, 'not-mine': 'a' }, findItem)
    expect(check.answers).toEqual({ [single.id]: single.answer })
    expect(check.malformed.map((e) => e.path)).toEqual([`answers.${amount.id}`])
    expect(check.foreign.map((e) => e.path)).toEqual(['answers.not-mine'])
  })
})

describe('grading', () => {
  it('grades every bank item right with its own key and wrong with a different answer', () => {
    for (const item of questionBank) {
      expect(isCorrect(item, keyOf(item)), item.id).toBe(true)
      const ids = (item.choices ?? []).map((c) => c.id)
      const wrong = item.type === 'amount' ? fenToYuan(item.answer + 1)
        : item.type === 'multiple' ? [...item.answer].slice(1)
        : item.type === 'ordering' ? [...item.answer].reverse()
        : ids.find((id) => id !== item.answer)!
      expect(isCorrect(item, wrong), item.id).toBe(false)
    }
  })

  it('grades multiple choice as an exact set in any order', () => {
    const m = first('multiple')
    expect(isCorrect(m, [...m.answer].reverse())).toBe(true)
    const extra = m.choices.map((c) => c.id).find((id) => !m.answer.includes(id))!
    expect(isCorrect(m, [...m.answer, extra])).toBe(false)
  })

  it('accepts equal amounts written differently ("8" and "8.00")', () => {
    const a = questionBank.find((i) => i.type === 'amount' && i.answer % 100 === 0)
    if (a && a.type === 'amount') expect(isCorrect(a, String(a.answer / 100))).toBe(true)
    const round = findItem('fe-round-230')!
    expect(isCorrect(round, '1.27')).toBe(true)
    expect(isCorrect(round, '1.26')).toBe(false)
  })

  it('scores an exam per module and topic, rounds the percent down, and passes at 80 %', () => {
    const exam = exams[0]!
    const items = questionBank.slice(0, 24)
    const all = new Map(items.map((i) => [i.id, keyOf(i)]))
    const perfect = gradeExam(exam, items.map((i) => i.id), all)
    expect(perfect).toMatchObject({ correct: 24, total: 24, score: 100, passed: true, answered: 24 })
    expect(perfect.topics.reduce((n, t) => n + t.total, 0)).toBe(24)
    expect(perfect.modules.reduce((n, m) => n + m.total, 0)).toBe(24)

    const nineteen = new Map([...all].slice(0, 19))
    const g19 = gradeExam(exam, items.map((i) => i.id), nineteen)
    expect(g19).toMatchObject({ correct: 19, score: 79, passed: false, answered: 19 })
    expect(g19.topics.filter((t) => t.correct < t.total).length).toBeGreaterThan(0)
    expect(gradeExam(exam, items.map((i) => i.id), new Map([...all].slice(0, 20)))).toMatchObject({ correct: 20, score: 83, passed: true })
    expect(JSON.stringify(g19)).not.toMatch(/"answer"|explanation/)
  })
})
