import { beforeAll, describe, expect, it } from 'vitest'
import { call, makeMerchant, problem, signIn, type Fixture } from '../helpers'

let a: Fixture
let b: Fixture
let managerA: string
let staffA: string
beforeAll(async () => {
  ;[a, b] = [await makeMerchant(), await makeMerchant()]
  managerA = await signIn(a.merchantNo, a.manager.staffNo, a.manager.code)
  staffA = await signIn(a.merchantNo, a.staff.staffNo, a.staff.code)
})

describe('role scoping across two merchants', () => {
  it('a manager lists their own staff but never another merchant’s', async () => {
    const own = await call(`/api/v1/merchants/${a.merchantNo}/people`, { headers: { cookie: managerA } })
    expect(own.status).toBe(200)
    const people = ((await own.json()) as { people: { staff_no: string }[] }).people
    expect(people.map((p) => p.staff_no).sort()).toEqual(['001', '900'])
    expect(JSON.stringify(people)).not.toContain('access_code')

    const other = await call(`/api/v1/merchants/${b.merchantNo}/people`, { headers: { cookie: managerA } })
    expect(other.status).toBe(403)
    expect((await problem(other)).detail).toBe('只能查看或操作本商户的数据。')
    expect((await call(`/api/v1/merchants/${b.merchantNo}/terminals`, { headers: { cookie: managerA } })).status).toBe(403)
  })

  it('staff cannot act as a manager', async () => {
    const res = await call(`/api/v1/merchants/${a.merchantNo}/staff`, { method: 'POST', headers: { cookie: staffA }, json: { staff_no: '002', name: '新人' } })
    expect(res.status).toBe(403)
    expect((await problem(res)).detail).toBe('该操作需要以下角色之一：manager, admin。')
  })

  it('a manager adds staff and resets their code; the old code and sessions stop working', async () => {
    const created = await call(`/api/v1/merchants/${a.merchantNo}/staff`, { method: 'POST', headers: { cookie: managerA }, json: { staff_no: '003', name: '赵敏' } })
    expect(created.status).toBe(201)
    const { id, access_code } = (await created.json()) as { id: string; access_code: string }
    const session = await signIn(a.merchantNo, '003', access_code)

    const reset = await call(`/api/v1/merchants/${a.merchantNo}/staff/${id}/access-code`, { method: 'POST', headers: { cookie: managerA } })
    expect(reset.status).toBe(200)
    const fresh = ((await reset.json()) as { access_code: string }).access_code
    expect(fresh).not.toBe(access_code)
    expect((await call('/api/v1/auth/me', { headers: { cookie: session } })).status).toBe(401)
    const old = await call('/api/v1/auth/sign-in', { method: 'POST', json: { merchant_no: a.merchantNo, staff_no: '003', access_code } })
    expect(old.status).toBe(401)
    expect((await call('/api/v1/auth/sign-in', { method: 'POST', json: { merchant_no: a.merchantNo, staff_no: '003', access_code: fresh } })).status).toBe(200)
  })

  it('a manager cannot reset a code of another merchant’s staff, even through their own merchant path', async () => {
    const res = await call(`/api/v1/merchants/${a.merchantNo}/staff/${b.staff.id}/access-code`, { method: 'POST', headers: { cookie: managerA } })
    expect(res.status).toBe(404)
    expect((await call(`/api/v1/merchants/${b.merchantNo}/staff/${b.staff.id}/access-code`, { method: 'POST', headers: { cookie: managerA } })).status).toBe(403)
  })

  it('a manager cannot reset another manager’s code', async () => {
    const res = await call(`/api/v1/merchants/${a.merchantNo}/staff/${a.manager.id}/access-code`, { method: 'POST', headers: { cookie: managerA } })
    expect(res.status).toBe(403)
  })

  it('people and terminals cannot reach the admin API', async () => {
    expect((await call('/api/v1/admin/merchants', { headers: { cookie: managerA } })).status).toBe(403)
    expect((await call('/api/v1/admin/merchants')).status).toBe(401)
  })
})
