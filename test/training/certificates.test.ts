import { env } from 'cloudflare:workers'
import { base64url, createLocalJWKSet, decodeJwt, jwtVerify, type JSONWebKeySet } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import { ADMIN, BASE, call, makeMerchant, problem, signIn, type Fixture } from '../helpers'
import { newStaff, passExam } from './exam-helpers'

interface CertificateBody {
  id: string; status: string; holder: string; merchant: string; exam: { id: string; title: string }
  issued_at: string; valid_until: string; revoked_at: string | null; revocation_reason: string | null; verify_url: string; jwt: string
}

let a: Fixture
let b: Fixture
let managerA: string
let managerB: string
let jwks: JSONWebKeySet
let certId: string
let holder: { id: string; cookie: string }
beforeAll(async () => {
  ;[a, b] = [await makeMerchant(), await makeMerchant()]
  managerA = await signIn(a.merchantNo, a.manager.staffNo, a.manager.code)
  managerB = await signIn(b.merchantNo, b.manager.staffNo, b.manager.code)
  holder = await newStaff(a, managerA, '王小芳')
  certId = (await passExam(holder.cookie)).certificate!.id
  const res = await call('/.well-known/jwks.json')
  expect(res.status).toBe(200)
  jwks = (await res.json()) as JSONWebKeySet
}, 30_000)

const certificate = async (id: string, lang = 'zh-CN') => {
  const res = await call(`/api/v1/certificates/${id}`, { headers: { 'accept-language': lang } })
  expect(res.status).toBe(200)
  return (await res.json()) as CertificateBody
}
const revoke = (cookieOrAdmin: Record<string, string>, id: string, body: unknown) =>
  call(`/api/v1/certificates/${id}/revoke`, { method: 'POST', headers: cookieOrAdmin, json: body })

describe('the public certificate status', () => {
  it('needs no sign-in and shows status, masked holder, merchant, exam and one year of validity', async () => {
    const c = await certificate(certId)
    expect(c).toMatchObject({ id: certId, status: 'valid', holder: '王**', revoked_at: null, revocation_reason: null })
    expect(c.merchant).toContain('测试商户')
    expect(c.exam).toEqual({ id: 'pos-staff-2026', title: 'POS 收银安全认证（2026）' })
    expect((await certificate(certId, 'en')).exam.title).toBe('POS checkout safety certification (2026)')
    const issued = new Date(c.issued_at)
    issued.setUTCFullYear(issued.getUTCFullYear() + 1)
    expect(c.valid_until).toBe(issued.toISOString())
    expect(c.verify_url).toBe(`${BASE}/verify/?id=${certId}`)
    expect(JSON.stringify({ ...c, jwt: '' })).not.toContain('王小芳') // the full name is only inside the signed credential
  })

  it('answers 404 for an unknown id', async () => {
    const res = await call('/api/v1/certificates/crt_nope')
    expect(res.status).toBe(404)
  })
})

describe('the signed credential', () => {
  it('publishes RSA public keys only, with a kid and RS256', () => {
    expect(jwks.keys.length).toBeGreaterThanOrEqual(1)
    for (const k of jwks.keys) {
      expect(k).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' })
      expect(k.kid).toBeTruthy()
      for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(k).not.toHaveProperty(secret)
    }
  })

  it('verifies with jose against the JWKS: an OB 3.0 OpenBadgeCredential naming the person and merchant', async () => {
    const { jwt } = await certificate(certId)
    const { payload, protectedHeader } = await jwtVerify(jwt, createLocalJWKSet(jwks), { issuer: BASE, typ: 'vc+jwt', algorithms: ['RS256'] })
    expect(protectedHeader).toEqual({ alg: 'RS256', kid: jwks.keys[0]!.kid, typ: 'vc+jwt' })
    expect(payload['@context']).toEqual(['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'])
    expect(payload.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential'])
    expect(payload.id).toBe(`${BASE}/api/v1/certificates/${certId}`)
    expect(payload.jti).toBe(payload.id)
    expect(payload.issuer).toEqual({ id: BASE, type: ['Profile'], name: '刷卡无忧 SwipeSafe', url: `${BASE}/` })
    const subject = payload.credentialSubject as { id: string; type: string[]; identifier: { identityHash: string }[]; merchant: { name: string }; achievement: { type: string[]; criteria: { narrative: string } } }
    expect(payload.sub).toBe(subject.id)
    expect(subject.type).toEqual(['AchievementSubject'])
    expect(subject.identifier[0]!.identityHash).toBe('王小芳')
    expect(subject.merchant.name).toContain('测试商户')
    expect(subject.achievement.type).toEqual(['Achievement'])
    expect(payload.validFrom).toBe(new Date(payload.nbf! * 1000).toISOString())
    expect(payload.validUntil).toBe(new Date(payload.exp! * 1000).toISOString())
  })

  it('fails verification when a single field of the payload is changed, or the signature is stripped', async () => {
    const { jwt } = await certificate(certId)
    const [header, body, signature] = jwt.split('.')
    const claims = decodeJwt(jwt)
    const forged = { ...claims, validUntil: '2099-01-01T00:00:00.000Z', exp: 4070908800 }
    const tampered = `${header}.${base64url.encode(JSON.stringify(forged))}.${signature}`
    await expect(jwtVerify(tampered, createLocalJWKSet(jwks))).rejects.toThrow(/signature verification failed/)
    const renamed = `${header}.${body!.slice(0, -4)}${body!.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}.${signature}`
    await expect(jwtVerify(renamed, createLocalJWKSet(jwks))).rejects.toThrow()
    const unsigned = `${base64url.encode(JSON.stringify({ alg: 'none', typ: 'vc+jwt' }))}.${body}.`
    await expect(jwtVerify(unsigned, createLocalJWKSet(jwks))).rejects.toThrow()
  })

  it('stops verifying after validUntil (exp)', async () => {
    const { jwt } = await certificate(certId)
    const after = new Date(decodeJwt(jwt).exp! * 1000 + 1000)
    await expect(jwtVerify(jwt, createLocalJWKSet(jwks), { currentDate: after })).rejects.toThrow(/exp/)
  })
})

describe('revocation and expiry', () => {
  it('lets the holder’s manager revoke with a reason; the public status shows it; a second revoke is 409', async () => {
    const staff = await newStaff(a, managerA, '赵敏')
    const id = (await passExam(staff.cookie)).certificate!.id
    expect((await revoke({ cookie: managerA }, id, {})).status).toBe(400)
    expect((await revoke({ cookie: managerB }, id, { reason: '不是本店员工' })).status).toBe(403)
    expect((await revoke({ cookie: staff.cookie }, id, { reason: '自己撤销' })).status).toBe(403)
    expect((await revoke({}, id, { reason: 'anonymous' })).status).toBe(401)
    const res = await revoke({ cookie: managerA }, id, { reason: '已离职' })
    expect(res.status).toBe(200)
    const shown = await certificate(id)
    expect(shown).toMatchObject({ status: 'revoked', revocation_reason: '已离职' })
    expect(Date.parse(shown.revoked_at!)).toBeGreaterThan(Date.now() - 60_000)
    const again = await revoke({ cookie: managerA }, id, { reason: '再撤一次' })
    expect(again.status).toBe(409)
    expect((await problem(again)).detail).toContain(shown.revoked_at!)
    expect((await certificate(id)).revocation_reason).toBe('已离职')
    // The signature still verifies: revocation is a status the issuer publishes, not a change to the credential.
    await expect(jwtVerify(shown.jwt, createLocalJWKSet(jwks))).resolves.toBeTruthy()
  })

  it('lets an admin revoke any merchant’s certificate', async () => {
    const staff = await newStaff(b, managerB, '钱多多')
    const id = (await passExam(staff.cookie)).certificate!.id
    const res = await revoke(ADMIN, id, { reason: 'fraud investigation' })
    expect(res.status).toBe(200)
    expect((await certificate(id)).status).toBe('revoked')
  })

  it('shows expired once valid_until has passed', async () => {
    const staff = await newStaff(a, managerA)
    const id = (await passExam(staff.cookie)).certificate!.id
    await env.DB.prepare('UPDATE certificates SET valid_until = ?2 WHERE id = ?1').bind(id, new Date(Date.now() - 1000).toISOString()).run()
    expect((await certificate(id)).status).toBe('expired')
  })
})

describe('the audit trail', () => {
  it('records issuing, revoking and extensions with who and when, for the merchant’s managers only', async () => {
    const staff = await newStaff(a, managerA)
    const id = (await passExam(staff.cookie)).certificate!.id
    await call(`/api/v1/people/${staff.id}/exam-extensions`, { method: 'POST', headers: { cookie: managerA }, json: { exam: 'pos-staff-2026', extra_minutes: 20 } })
    await revoke({ cookie: managerA }, id, { reason: '测试' })
    const res = await call(`/api/v1/merchants/${a.merchantNo}/training-audit`, { headers: { cookie: managerA } })
    expect(res.status).toBe(200)
    const { entries } = (await res.json()) as { entries: { action: string; actor: string; person_id: string; subject_id: string; at: string; detail: Record<string, unknown> }[] }
    const mine = entries.filter((e) => e.person_id === staff.id)
    expect(mine.map((e) => e.action).sort()).toEqual(['certificate.issued', 'certificate.revoked', 'extension.granted'])
    expect(mine.find((e) => e.action === 'certificate.issued')).toMatchObject({ actor: staff.id, subject_id: id })
    expect(mine.find((e) => e.action === 'certificate.revoked')).toMatchObject({ actor: a.manager.id, subject_id: id, detail: { reason: '测试' } })
    expect(mine.find((e) => e.action === 'extension.granted')).toMatchObject({ actor: a.manager.id, detail: { extra_minutes: 20 } })
    expect((await call(`/api/v1/merchants/${a.merchantNo}/training-audit`, { headers: { cookie: managerB } })).status).toBe(403)
    await expect(env.DB.prepare('DELETE FROM training_audit').run()).rejects.toThrow(/append-only/)
  })
})
