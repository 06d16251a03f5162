import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { findItem, moduleIds } from '../../functions/training/bank'
import { ADMIN, call, makeMerchant, problem, signIn, type Fixture } from '../helpers'
import {
  EXAM, getAttempt, newStaff, rightAnswers, saveAnswers, scanned, setDeadline, startedAttempt, startExam, submit, wrongAnswer,
  type AttemptBody, type ResultBody,
} from './exam-helpers'

let a: Fixture
let b: Fixture
let managerA: string
let managerB: string
beforeAll(async () => {
  ;[a, b] = [await makeMerchant(), await makeMerchant()]
  managerA = await signIn(a.merchantNo, a.manager.staffNo, a.manager.code)
  managerB = await signIn(b.merchantNo, b.manager.staffNo, b.manager.code)
})

describe('starting and resuming an exam attempt', () => {
  it('draws 24 items, 4 per module, with a 30-minute deadline and no keys', async () => {
    const { cookie } = await newStaff(a, managerA)
    const before = Date.now()
    const at = await startedAttempt(cookie)
    expect(at.attempt_id).toMatch(/^att_/)
    expect(at.items.length).toBe(24)
    for (const m of moduleIds) expect(at.items.filter((i) => i.module === m).length).toBe(4)
    expect(at).toMatchObject({ exam: EXAM, status: 'open', answers: {}, result: null, time_limit_minutes: 30, extra_minutes: 0 })
    const deadline = Date.parse(at.deadline)
    expect(deadline).toBeGreaterThanOrEqual(before + 30 * 60_000)
    expect(deadline).toBeLessThan(Date.now() + 30 * 60_000 + 1000)
    expect(Date.parse(at.submit_by) - deadline).toBe(120_000)
  })

  it('resumes the open attempt instead of starting another, with the same items, choice order and saved answers', async () => {
    const { cookie } = await newStaff(a, managerA)
    const at = await startedAttempt(cookie)
    const some = rightAnswers(at.items.slice(0, 3))
    expect((await saveAnswers(cookie, at.attempt_id, some)).status).toBe(200)

    const again = await startExam(cookie)
    expect(again.status).toBe(200)
    const resumed = await scanned<AttemptBody>(again, 'exam restart')
    expect(resumed.attempt_id).toBe(at.attempt_id)
    expect(resumed.items).toEqual(at.items)
    expect(resumed.answers).toEqual(some)

    const got = await scanned<AttemptBody>(await getAttempt(cookie, at.attempt_id), 'exam resume')
    expect(got.items).toEqual(at.items)
    expect(got.answers).toEqual(some)
  })

  it('shows the same items and choice order in English, prompts in English', async () => {
    const { cookie } = await newStaff(a, managerA)
    const at = await startedAttempt(cookie)
    const en = await scanned<AttemptBody>(await getAttempt(cookie, at.attempt_id, 'en'), 'exam resume en')
    expect(en.items.map((i) => [i.id, i.choices.map((c) => c.id)])).toEqual(at.items.map((i) => [i.id, i.choices.map((c) => c.id)]))
    for (const item of en.items) expect(item.prompt).toBe(findItem(item.id)!.prompt.en)
  })

  it('lets only the owner see an attempt: colleagues and managers get 404, strangers 401', async () => {
    const owner = await newStaff(a, managerA)
    const colleague = await newStaff(a, managerA)
    const at = await startedAttempt(owner.cookie)
    expect((await getAttempt(colleague.cookie, at.attempt_id)).status).toBe(404)
    expect((await getAttempt(managerA, at.attempt_id)).status).toBe(404)
    expect((await saveAnswers(colleague.cookie, at.attempt_id, {})).status).toBe(404)
    expect((await submit(colleague.cookie, at.attempt_id)).status).toBe(404)
    expect((await call(`/api/v1/attempts/${at.attempt_id}`)).status).toBe(401)
    expect((await getAttempt(owner.cookie, 'att_nope')).status).toBe(404)
  })

  it('is for staff and managers: an admin token is refused, an unknown exam is 404', async () => {
    const res = await call(`/api/v1/exams/${EXAM}/attempts`, { method: 'POST', headers: ADMIN })
    expect(res.status).toBe(403)
    const { cookie } = await newStaff(a, managerA)
    expect((await call('/api/v1/exams/no-such-exam/attempts', { method: 'POST', headers: { cookie } })).status).toBe(404)
  })
})

describe('autosave', () => {
  it('merges answers and records when each was saved', async () => {
    const { cookie } = await newStaff(a, managerA)
    const at = await startedAttempt(cookie)
    const [x, y] = at.items
    const first = await saveAnswers(cookie, at.attempt_id, { [x!.id]: wrongAnswer(x!.id) })
    expect(first.status).toBe(200)
    await scanned(first, 'autosave 1')
    const second = await saveAnswers(cookie, at.attempt_id, rightAnswers([x!, y!]))
    const body = await scanned<{ saved: number; answers: Record<string, unknown>; deadline: string }>(second, 'autosave 2')
    expect(body.saved).toBe(2)
    expect(body.answers).toEqual(rightAnswers([x!, y!]))
    const rows = await env.DB.prepare('SELECT item_id, saved_at FROM exam_answers WHERE attempt_id = ?1').bind(at.attempt_id).all<{ saved_at: number }>()
    expect(rows.results.length).toBe(2)
    for (const r of rows.results) expect(r.saved_at).toBeGreaterThan(Date.now() - 60_000)
  })

  it('refuses bad shapes with 400 naming answers.<item>, items of other attempts with 422, and saves none of them', async () => {
    const { cookie } = await newStaff(a, managerA)
    const at = await startedAttempt(cookie)
    const choiceItem = at.items.find((i) => i.type === 'single')!
    const good = at.items.find((i) => i.id !== choiceItem.id)!
    const res = await saveAnswers(cookie, at.attempt_id, { [choiceItem.id]: 'zz', ...rightAnswers([good]) })
    expect(res.status).toBe(400)
    expect((await problem(res)).errors?.map((e) => e.path)).toEqual([`answers.${choiceItem.id}`])
    const foreign = await saveAnswers(cookie, at.attempt_id, { 'ws-not-in-this-attempt': 'a' })
    expect(foreign.status).toBe(422)
    expect((await problem(foreign)).errors?.[0]?.path).toBe('answers.ws-not-in-this-attempt')
    const notObject = await call(`/api/v1/attempts/${at.attempt_id}/answers`, { method: 'PUT', headers: { cookie }, json: { answers: ['a'] } })
    expect(notObject.status).toBe(400)
    expect(((await scanned<AttemptBody>(await getAttempt(cookie, at.attempt_id), 'resume after bad saves')).answers)).toEqual({})
  })

  it('refuses to save after the deadline (409) and saves nothing', async () => {
    const { cookie } = await newStaff(a, managerA)
    const at = await startedAttempt(cookie)
    await setDeadline(at.attempt_id, Date.now() - 1000)
    const res = await saveAnswers(cookie, at.attempt_id, rightAnswers(at.items.slice(0, 2)))
    expect(res.status).toBe(409)
    expect((await problem(res)).detail).toContain('截止')
    const got = await scanned<AttemptBody>(await getAttempt(cookie, at.attempt_id), 'resume closed')
    expect(got.status).toBe('closed')
    expect(got.answers).toEqual({})
  })
})

describe('submitting', () => {
  it('passes with right answers, reports per module and topic, and issues a certificate at once', async () => {
    const { cookie } = await newStaff(a, managerA, '王小芳')
    const at = await startedAttempt(cookie)
    expect((await saveAnswers(cookie, at.attempt_id, rightAnswers(at.items))).status).toBe(200)
    const res = await submit(cookie, at.attempt_id)
    expect(res.status).toBe(200)
    const r = await scanned<ResultBody>(res, 'submit pass')
    expect(r).toMatchObject({ correct: 24, total: 24, answered: 24, score: 100, passed: true, late: false, note: null, missed_topics: [] })
    expect(r.modules.length).toBe(6)
    expect(r.topics.reduce((n, t) => n + t.total, 0)).toBe(24)
    expect(r.certificate).toMatchObject({ status: 'valid' })
    expect(r.certificate!.id).toMatch(/^crt_/)
    expect(r.certificate!.verify_url).toContain(`/verify/?id=${r.certificate!.id}`)
    const done = await scanned<AttemptBody>(await getAttempt(cookie, at.attempt_id), 'resume submitted')
    expect(done.status).toBe('submitted')
    expect(done.result).toEqual(r)
  })

  it('fails below 80 % and names the missed topics, never the keys', async () => {
    const { cookie } = await newStaff(a, managerA)
    const at = await startedAttempt(cookie)
    const answers = rightAnswers(at.items)
    for (const item of at.items.slice(0, 5)) answers[item.id] = wrongAnswer(item.id)
    await saveAnswers(cookie, at.attempt_id, answers)
    const r = await scanned<ResultBody>(await submit(cookie, at.attempt_id, undefined, 'en'), 'submit fail')
    expect(r).toMatchObject({ correct: 19, total: 24, score: 79, passed: false, certificate: null })
    const missed = at.items.slice(0, 5).map((i) => findItem(i.id)!)
    for (const item of missed) expect(r.missed_topics).toContainEqual(expect.objectContaining({ module: item.module, topic: item.topic }))
    expect(r.missed_topics.every((t) => /[A-Za-z]/.test(t.title))).toBe(true)
    const [row] = await env.DB.prepare('SELECT count(*) FROM certificates WHERE attempt_id = ?1').bind(at.attempt_id).raw<[number]>()
    expect(row![0]).toBe(0)
  })

  it('returns the same result when submitted twice, or five times at once, and issues one certificate', async () => {
    const { cookie } = await newStaff(a, managerA)
    const at = await startedAttempt(cookie)
    await saveAnswers(cookie, at.attempt_id, rightAnswers(at.items))
    const results = await Promise.all(Array.from({ length: 5 }, () => submit(cookie, at.attempt_id).then((r) => scanned<ResultBody>(r, 'concurrent submit'))))
    for (const r of results) expect(r).toEqual(results[0])
    expect(await scanned<ResultBody>(await submit(cookie, at.attempt_id, { answers: {} }), 'resubmit')).toEqual(results[0])
    const [row] = await env.DB.prepare('SELECT count(*) FROM certificates WHERE attempt_id = ?1').bind(at.attempt_id).raw<[number]>()
    expect(row![0]).toBe(1)
    const saved = await saveAnswers(cookie, at.attempt_id, rightAnswers(at.items.slice(0, 1)))
    expect(saved.status).toBe(409)
  })

  it('counts answers sent with a submit inside the grace period', async () => {
    const { cookie } = await newStaff(a, managerA)
    const at = await startedAttempt(cookie)
    await saveAnswers(cookie, at.attempt_id, rightAnswers(at.items.slice(0, 12)))
    await setDeadline(at.attempt_id, Date.now() - 60_000) // 1 min past the deadline: inside the 2-min grace
    const r = await scanned<ResultBody>(await submit(cookie, at.attempt_id, { answers: rightAnswers(at.items.slice(12)) }), 'submit in grace')
    expect(r).toMatchObject({ late: false, correct: 24, passed: true })
  })

  it('after deadline + grace still grades, counting only answers saved by the deadline, and says so', async () => {
    const { cookie } = await newStaff(a, managerA)
    const at = await startedAttempt(cookie)
    await saveAnswers(cookie, at.attempt_id, rightAnswers(at.items))
    const deadline = Date.now() - 10 * 60_000
    await setDeadline(at.attempt_id, deadline)
    // 20 answers were saved before the deadline, 4 after it.
    const early = at.items.slice(0, 20).map((i) => i.id)
    await env.DB.prepare('UPDATE exam_answers SET saved_at = ?2 WHERE attempt_id = ?1 AND item_id IN (SELECT value FROM json_each(?3))')
      .bind(at.attempt_id, deadline - 5000, JSON.stringify(early)).run()
    await env.DB.prepare('UPDATE exam_answers SET saved_at = ?2 WHERE attempt_id = ?1 AND item_id NOT IN (SELECT value FROM json_each(?3))')
      .bind(at.attempt_id, deadline + 5000, JSON.stringify(early)).run()
    const res = await submit(cookie, at.attempt_id, { answers: rightAnswers(at.items.slice(20)) })
    expect(res.status).toBe(200)
    const r = await scanned<ResultBody>(res, 'late submit')
    expect(r).toMatchObject({ late: true, answered: 20, correct: 20, total: 24, passed: true })
    expect(r.note).toContain('截止')
    expect(r.certificate).not.toBeNull()
  })
})

describe('the attempt limit', () => {
  it('makes exactly one attempt from 10 concurrent starts, allows 3 per 24 h, then answers 429 with Retry-After', async () => {
    const { id, cookie } = await newStaff(a, managerA)
    const attemptIds = new Set<string>()
    for (let round = 1; round <= 3; round++) {
      const responses = await Promise.all(Array.from({ length: 10 }, () => startExam(cookie)))
      const statuses = responses.map((r) => r.status).sort()
      expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201])
      const bodies = await Promise.all(responses.map((r) => scanned<AttemptBody>(r, 'concurrent start')))
      expect(new Set(bodies.map((b) => b.attempt_id)).size).toBe(1)
      attemptIds.add(bodies[0]!.attempt_id)
      expect((await submit(cookie, bodies[0]!.attempt_id)).status).toBe(200)
    }
    expect(attemptIds.size).toBe(3)
    const refused = await Promise.all(Array.from({ length: 10 }, () => startExam(cookie)))
    for (const res of refused) {
      expect(res.status).toBe(429)
      const retry = Number(res.headers.get('retry-after'))
      expect(retry).toBeGreaterThan(23 * 3600)
      expect(retry).toBeLessThanOrEqual(24 * 3600)
      expect((await problem(res)).detail).toContain('3')
    }
    const [row] = await env.DB.prepare('SELECT count(*) FROM exam_attempts WHERE person_id = ?1').bind(id).raw<[number]>()
    expect(row![0]).toBe(3)

    // The window rolls: once the oldest start is more than 24 h old, one more start is allowed.
    await env.DB.prepare('UPDATE exam_attempts SET started_at = started_at - 86400000 WHERE id = ?1').bind([...attemptIds][0]).run()
    expect((await startExam(cookie)).status).toBe(201)
    expect((await startExam(cookie)).status).toBe(200)
   }, 30_000) // 40+ requests: generous on a loaded CI machine

  it('lets ten concurrent starts of a person with two starts used make only the third', async () => {
    const { id, cookie } = await newStaff(a, managerA)
    for (let i = 0; i < 2; i++) {
      const at = await startedAttempt(cookie)
      await submit(cookie, at.attempt_id)
    }
    const responses = await Promise.all(Array.from({ length: 10 }, () => startExam(cookie)))
    expect(responses.filter((r) => r.status === 201).length).toBe(1)
    const [row] = await env.DB.prepare('SELECT count(*) FROM exam_attempts WHERE person_id = ?1').bind(id).raw<[number]>()
    expect(row![0]).toBe(3)
  })

  it('reports my standing: starts used and left, the open attempt, the certificate', async () => {
    const { cookie } = await newStaff(a, managerA)
    const at = await startedAttempt(cookie)
    const res = await call(`/api/v1/exams/${EXAM}`, { headers: { cookie } })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ attempts_24h: 1, attempts_left: 2, open_attempt_id: at.attempt_id, next_start_at: null, certificate: null })
  })
})

describe('time extensions', () => {
  const grant = (cookie: string, personId: string, body: unknown) =>
    call(`/api/v1/people/${personId}/exam-extensions`, { method: 'POST', headers: { cookie }, json: body })

  it('lengthens the running attempt at once', async () => {
    const staff = await newStaff(a, managerA)
    const at = await startedAttempt(staff.cookie)
    const res = await grant(managerA, staff.id, { exam: EXAM, extra_minutes: 15 })
    expect(res.status).toBe(201)
    const ext = (await res.json()) as { applied_to_attempt: string; deadline: string; granted_by: string }
    expect(ext.applied_to_attempt).toBe(at.attempt_id)
    expect(Date.parse(ext.deadline) - Date.parse(at.deadline)).toBe(15 * 60_000)
    expect(ext.granted_by).toBe(a.manager.id)
    const got = await scanned<AttemptBody>(await getAttempt(staff.cookie, at.attempt_id), 'resume extended')
    expect(got.deadline).toBe(ext.deadline)
    expect(got.extra_minutes).toBe(15)
  })

  it('waits for the next start when no attempt is running, and adds up', async () => {
    const staff = await newStaff(a, managerA)
    expect((await grant(managerA, staff.id, { exam: EXAM, extra_minutes: 10 })).status).toBe(201)
    const second = (await (await grant(managerA, staff.id, { exam: EXAM, extra_minutes: 5 })).json()) as { applied_to_attempt: string | null }
    expect(second.applied_to_attempt).toBeNull()
    const at = await startedAttempt(staff.cookie)
    expect(at.extra_minutes).toBe(15)
    expect(Date.parse(at.deadline) - Date.parse(at.started_at)).toBe(45 * 60_000)
    // Used once: the attempt after this one gets no extra time.
    await submit(staff.cookie, at.attempt_id)
    expect((await startedAttempt(staff.cookie)).extra_minutes).toBe(0)
  })

  it('is refused for another merchant’s person (404, no probing), oneself (403), staff (403), and out-of-range minutes (400)', async () => {
    const staffB = await newStaff(b, managerB)
    expect((await grant(managerA, staffB.id, { exam: EXAM, extra_minutes: 10 })).status).toBe(404)
    expect((await grant(managerA, 'per_nope', { exam: EXAM, extra_minutes: 10 })).status).toBe(404)
    expect((await grant(managerA, a.manager.id, { exam: EXAM, extra_minutes: 10 })).status).toBe(403)
    const staff = await newStaff(a, managerA)
    expect((await grant(staff.cookie, a.staff.id, { exam: EXAM, extra_minutes: 10 })).status).toBe(403)
    for (const extra_minutes of [0, 121, 1.5]) {
      const res = await grant(managerA, staff.id, { exam: EXAM, extra_minutes })
      expect(res.status).toBe(400)
      expect((await problem(res)).errors?.[0]?.path).toBe('extra_minutes')
    }
    expect((await grant(managerA, staff.id, { exam: 'nope', extra_minutes: 5 })).status).toBe(400)
    const admin = await call(`/api/v1/people/${staffB.id}/exam-extensions`, { method: 'POST', headers: ADMIN, json: { exam: EXAM, extra_minutes: 30 } })
    expect(admin.status).toBe(201)
  })
})
