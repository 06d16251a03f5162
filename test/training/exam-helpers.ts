// Shared steps for the exam tests: people, attempts, answers from the bank.
import { env } from 'cloudflare:workers'
import { expect } from 'vitest'
import { findItem } from '../../functions/training/bank'
import { keyOf } from '../../functions/training/grading'
import { call, signIn, uniq, type Fixture } from '../helpers'
import { assertNoKeys } from './leaks'

export const EXAM = 'pos-staff-2026'

export interface AttemptBody {
  attempt_id: string; exam: string; status: string; started_at: string; deadline: string; submit_by: string
  time_limit_minutes: number; extra_minutes: number
  items: { id: string; module: string; type: string; prompt: string; choices: { id: string; text: string }[] }[]
  answers: Record<string, unknown>; result: ResultBody | null
}
export interface ResultBody {
  attempt_id: string; late: boolean; note: string | null; correct: number; total: number; answered: number; score: number; passed: boolean
  modules: { module: string; title: string; correct: number; total: number }[]
  topics: { module: string; topic: string; title: string; correct: number; total: number }[]
  missed_topics: { module: string; topic: string; title: string }[]
  certificate: { id: string; status: string; valid_until: string; url: string; verify_url: string } | null
}

/** A new staff member of the fixture's merchant, signed in. */
export async function newStaff(f: Fixture, managerCookie: string, name = '李小梅'): Promise<{ id: string; cookie: string }> {
  const staffNo = 'S' + uniq(6)
  const res = await call(`/api/v1/merchants/${f.merchantNo}/staff`, { method: 'POST', headers: { cookie: managerCookie }, json: { staff_no: staffNo, name } })
  expect(res.status).toBe(201)
  const { id, access_code } = (await res.json()) as { id: string; access_code: string }
  return { id, cookie: await signIn(f.merchantNo, staffNo, access_code) }
}

/** Every response of the exam flow goes through here, so every one is scanned for keys. */
export async function scanned<T>(res: Response, where: string): Promise<T> {
  const body = (await res.json()) as T
  assertNoKeys(body, where)
  return body
}

export function startExam(cookie: string, lang = 'zh-CN') {
  return call(`/api/v1/exams/${EXAM}/attempts`, { method: 'POST', headers: { cookie, 'accept-language': lang } })
}
export function getAttempt(cookie: string, id: string, lang = 'zh-CN') {
  return call(`/api/v1/attempts/${id}`, { headers: { cookie, 'accept-language': lang } })
}
export function saveAnswers(cookie: string, id: string, answers: Record<string, unknown>) {
  return call(`/api/v1/attempts/${id}/answers`, { method: 'PUT', headers: { cookie }, json: { answers } })
}
export function submit(cookie: string, id: string, body?: unknown, lang = 'zh-CN') {
  return call(`/api/v1/attempts/${id}/submit`, { method: 'POST', headers: { cookie, 'accept-language': lang }, ...(body === undefined ? {} : { json: body }) })
}

/** Right answers for the given items (from the bank: the test knows the keys, the client never does). */
export function rightAnswers(items: { id: string }[]): Record<string, unknown> {
  return Object.fromEntries(items.map((i) => [i.id, keyOf(findItem(i.id)!)]))
}

/** A wrong but well-formed answer for an item. */
export function wrongAnswer(id: string): unknown {
  const item = findItem(id)!
  switch (item.type) {
    case 'single':
    case 'true_false':
      return item.choices.find((c) => c.id !== item.answer)!.id
    case 'multiple':
      return item.answer.slice(1)
    case 'ordering':
      return [...item.answer].reverse()
    case 'amount':
      return '0.01'
  }
}

export async function startedAttempt(cookie: string): Promise<AttemptBody> {
  const res = await startExam(cookie)
  expect(res.status).toBe(201)
  return scanned<AttemptBody>(res, 'exam start')
}

export function setDeadline(attemptId: string, deadlineMs: number) {
  return env.DB.prepare('UPDATE exam_attempts SET deadline_at = ?2 WHERE id = ?1').bind(attemptId, deadlineMs).run()
}

/** Start, answer everything right, submit: a certificate. */
export async function passExam(cookie: string): Promise<ResultBody> {
  const at = await startedAttempt(cookie)
  expect((await saveAnswers(cookie, at.attempt_id, rightAnswers(at.items))).status).toBe(200)
  const r = await scanned<ResultBody>(await submit(cookie, at.attempt_id), 'submit')
  expect(r.passed).toBe(true)
  return r
}
