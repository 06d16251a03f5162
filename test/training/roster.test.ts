import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { ADMIN, call, makeMerchant, signIn, type Fixture } from '../helpers'
import { EXAM, newStaff, passExam, startedAttempt } from './exam-helpers'

interface RosterBody { merchant_no: string; people: { id: string; name: string; role: string; certification: string; valid_until: string | null; attempts_24h: number; attempts_left: number; open_attempt_id: string | null; pending_extension_minutes: number }[] }

let a: Fixture
let b: Fixture
let managerA: string
let managerB: string
const people: Record<string, { id: string; cookie: string }> = {}
beforeAll(async () => {
  ;[a, b] = [await makeMerchant(), await makeMerchant()]
  managerA = await signIn(a.merchantNo, a.manager.staffNo, a.manager.code)
  managerB = await signIn(b.merchantNo, b.manager.staffNo, b.manager.code)
  for (const name of ['有效', '将到期', '已过期', '已撤销', '考试中']) people[name] = await newStaff(a, managerA, name)
  const certs: Record<string, string> = {}
  for (const name of ['有效', '将到期', '已过期', '已撤销']) certs[name] = (await passExam(people[name]!.cookie)).certificate!.id
  const day = 86_400_000
  await env.DB.prepare('UPDATE certificates SET valid_until = ?2 WHERE id = ?1').bind(certs['将到期'], new Date(Date.now() + 10 * day).toISOString()).run()
  await env.DB.prepare('UPDATE certificates SET valid_until = ?2 WHERE id = ?1').bind(certs['已过期'], new Date(Date.now() - day).toISOString()).run()
  await call(`/api/v1/certificates/${certs['已撤销']}/revoke`, { method: 'POST', headers: { cookie: managerA }, json: { reason: '离职' } })
  await startedAttempt(people['考试中']!.cookie)
  await call(`/api/v1/people/${people['考试中']!.id}/exam-extensions`, { method: 'POST', headers: { cookie: managerA }, json: { exam: EXAM, extra_minutes: 5 } })
  await call(`/api/v1/people/${a.staff.id}/exam-extensions`, { method: 'POST', headers: { cookie: managerA }, json: { exam: EXAM, extra_minutes: 25 } })
  await newStaff(b, managerB, '别家员工')
}, 30_000)

describe('the roster', () => {
  it('shows each person’s certification status, expiry, starts used in 24 h and pending extensions', async () => {
    const res = await call(`/api/v1/merchants/${a.merchantNo}/roster`, { headers: { cookie: managerA } })
    expect(res.status).toBe(200)
    const body = (await res.json()) as RosterBody
    const by = new Map(body.people.map((p) => [p.name, p]))
    expect(by.get('有效')).toMatchObject({ certification: 'valid', attempts_24h: 1, attempts_left: 2 })
    expect(by.get('将到期')!.certification).toBe('expiring')
    expect(by.get('已过期')!.certification).toBe('expired')
    expect(by.get('已撤销')!.certification).toBe('revoked')
    expect(by.get('考试中')).toMatchObject({ certification: 'none', valid_until: null, attempts_24h: 1, pending_extension_minutes: 0 })
    expect(by.get('考试中')!.open_attempt_id).toMatch(/^att_/)
    expect(by.get('收银员')).toMatchObject({ certification: 'none', attempts_24h: 0, attempts_left: 3, pending_extension_minutes: 25 })
    expect(by.get('店长')!.role).toBe('manager')
    expect(by.has('别家员工')).toBe(false)
    expect(JSON.stringify(body)).not.toMatch(/access_code|jwt/)
  })

  it('is scoped: another merchant’s manager gets 403, staff get 403, an admin sees any merchant', async () => {
    expect((await call(`/api/v1/merchants/${a.merchantNo}/roster`, { headers: { cookie: managerB } })).status).toBe(403)
    expect((await call(`/api/v1/merchants/${a.merchantNo}/roster.csv`, { headers: { cookie: managerB } })).status).toBe(403)
    expect((await call(`/api/v1/merchants/${a.merchantNo}/roster`, { headers: { cookie: people['有效']!.cookie } })).status).toBe(403)
    const admin = await call(`/api/v1/merchants/${b.merchantNo}/roster`, { headers: ADMIN })
    expect(admin.status).toBe(200)
    const names = ((await admin.json()) as RosterBody).people.map((p) => p.name)
    expect(names).toContain('别家员工')
    expect(names).not.toContain('有效')
  })

  it('exports CSV: UTF-8 with a BOM, header row in the request language, one row per person', async () => {
    const zh = await call(`/api/v1/merchants/${a.merchantNo}/roster.csv`, { headers: { cookie: managerA } })
    expect(zh.status).toBe(200)
    expect(zh.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(zh.headers.get('content-disposition')).toMatch(new RegExp(`attachment; filename="roster-${a.merchantNo}-\\d{4}-\\d{2}-\\d{2}\\.csv"`))
    const bytes = new Uint8Array(await zh.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = new TextDecoder().decode(bytes.slice(3))
    const lines = text.trimEnd().split('\r\n')
    expect(lines[0]).toBe('员工号,姓名,角色,认证状态,有效期至（UTC）,证书编号,24 小时内考试次数,待用延长时间（分钟）')
    expect(lines.length).toBe(1 + 7)
    expect(lines.find((l) => l.includes('将到期'))).toContain('30 天内到期')
    const en = await call(`/api/v1/merchants/${a.merchantNo}/roster.csv`, { headers: { cookie: managerA, 'accept-language': 'en' } })
    const enText = (await en.text()).replace(/^\uFEFF/, '')
    expect(enText.split('\r\n')[0]).toBe('Staff no.,Name,Role,Certification,Valid until (UTC),Certificate id,Exam starts in 24 h,Pending extra time (minutes)')
    expect(enText).toContain('expires within 30 days')
  })
})
