import { exportJWK, generateKeyPair, jwtVerify, createLocalJWKSet, exportPKCS8, decodeProtectedHeader } from 'jose'
import { describe, expect, it } from 'vitest'
import { addMonths, buildCredential, certificateStatus, maskHolder } from '../../functions/training/credential'
import { exams } from '../../functions/training/exams'
import { standing, rosterCsv, buildRoster } from '../../functions/training/roster'
import { publicJwks, signCredential, signingKey } from '../../functions/training/signing'

const facts = {
  id: 'crt_test', origin: 'https://swipesafe.test', issuedAt: new Date('2026-02-28T08:00:00Z'), validUntil: new Date('2027-02-28T08:00:00Z'),
  personId: 'per_1', holderName: '王小芳', merchantNo: '898310058120001', merchantName: '测试便利店', exam: exams[0]!,
}

describe('the Open Badges 3.0 credential', () => {
  it('has the OB 3.0 contexts, types, issuer profile, dates, subject and achievement', () => {
    const { credential: c, claims } = buildCredential(facts)
    expect(c['@context']).toEqual(['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'])
    expect(c.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential'])
    expect(c.issuer).toMatchObject({ id: 'https://swipesafe.test', type: ['Profile'], name: '刷卡无忧 SwipeSafe' })
    expect(c.validFrom).toBe('2026-02-28T08:00:00.000Z')
    expect(c.validUntil).toBe('2027-02-28T08:00:00.000Z')
    const subject = c.credentialSubject as Record<string, any>
    expect(subject.type).toEqual(['AchievementSubject'])
    expect(subject.identifier[0]).toEqual({ type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: '王小芳' })
    expect(subject.merchant).toMatchObject({ name: '测试便利店', type: ['Profile'] })
    expect(subject.achievement).toMatchObject({ type: ['Achievement'], criteria: { narrative: expect.stringContaining('80 %') } })
    expect(subject.achievement.name).toContain('POS')
    expect(claims).toMatchObject({ iss: 'https://swipesafe.test', sub: 'urn:swipesafe:person:per_1', jti: c.id })
    expect(claims.exp - claims.nbf).toBe(365 * 86400)
  })

  it('adds calendar months: 29 Feb + 12 months is 1 Mar', () => {
    expect(addMonths(new Date('2028-02-29T00:00:00Z'), 12).toISOString()).toBe('2029-03-01T00:00:00.000Z')
    expect(addMonths(new Date('2026-11-20T10:00:00Z'), 12).toISOString()).toBe('2027-11-20T10:00:00.000Z')
  })

  it('says revoked before expired, and expired at valid_until', () => {
    const now = new Date('2026-06-01T00:00:00Z')
    expect(certificateStatus({ valid_until: '2026-06-01T00:00:00.000Z', revoked_at: null }, now)).toBe('expired')
    expect(certificateStatus({ valid_until: '2026-06-01T00:00:00.001Z', revoked_at: null }, now)).toBe('valid')
    expect(certificateStatus({ valid_until: '2025-01-01T00:00:00.000Z', revoked_at: '2024-12-01T00:00:00.000Z' }, now)).toBe('revoked')
  })

  it('masks holder names: first character, then stars', () => {
    expect(maskHolder('王芳')).toBe('王*')
    expect(maskHolder('王小芳')).toBe('王**')
    expect(maskHolder('欧阳小芳芳')).toBe('欧***')
    expect(maskHolder('Li')).toBe('L*')
    expect(maskHolder('王')).toBe('*')
  })
})

describe('signing', () => {
  it('imports a PKCS#8 PEM (also with escaped newlines) or a JWK, signs RS256 with typ vc+jwt, and verifies against the JWKS', async () => {
    const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true })
    const pem = await exportPKCS8(privateKey)
    const jwk = JSON.stringify(await exportJWK(privateKey))
    const kids = new Set<string>()
    for (const secret of [pem, pem.replace(/\n/g, '\\n'), jwk]) {
      const key = await signingKey(secret)
      kids.add(key.kid)
      const { credential, claims } = buildCredential(facts)
      const jwt = await signCredential(key, credential, claims)
      expect(decodeProtectedHeader(jwt)).toEqual({ alg: 'RS256', kid: key.kid, typ: 'vc+jwt' })
      const jwks = await publicJwks(secret)
      expect(JSON.stringify(jwks)).not.toMatch(/"(d|p|q|dp|dq|qi)"/)
      const { payload } = await jwtVerify(jwt, createLocalJWKSet(jwks), { currentDate: new Date('2026-06-01T00:00:00Z'), typ: 'vc+jwt' })
      expect(payload.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential'])
    }
    expect(kids.size).toBe(1) // the kid is a thumbprint of the public key, however the secret is written
  })

  it('keeps publishing retired keys after a rotation, so an older certificate still verifies', async () => {
    const pemOf = async () => exportPKCS8((await generateKeyPair('RS256', { modulusLength: 2048, extractable: true })).privateKey)
    const before = await pemOf()
    const { credential, claims } = buildCredential(facts)
    const old = await signCredential(await signingKey(before), credential, claims)
    const retired = JSON.stringify(await publicJwks(before)) // what the operator copies at rotation
    const after = await pemOf()
    const jwks = await publicJwks(after, retired)
    expect(jwks.keys.map((k) => k.kid)).toEqual([(await signingKey(after)).kid, (await signingKey(before)).kid])
    expect(JSON.stringify(jwks)).not.toMatch(/"(d|p|q|dp|dq|qi)"/)
    const { protectedHeader } = await jwtVerify(old, createLocalJWKSet(jwks), { currentDate: new Date('2026-06-01T00:00:00Z') })
    expect(protectedHeader.kid).toBe((await signingKey(before)).kid)
    // Without the retired keys the old certificate no longer verifies: that is what the setting is for.
    await expect(jwtVerify(old, createLocalJWKSet(await publicJwks(after)), { currentDate: new Date('2026-06-01T00:00:00Z') })).rejects.toThrow()
    // Listing the current key again publishes it once; private material is refused, not published.
    expect((await publicJwks(after, JSON.stringify(await publicJwks(after)))).keys).toHaveLength(1)
    const privateJwk = await exportJWK((await generateKeyPair('RS256', { extractable: true })).privateKey)
    await expect(publicJwks(after, JSON.stringify([privateJwk]))).rejects.toThrow(/private/)
  })

  it('refuses a missing key, a short RSA key and a public key', async () => {
    expect(() => signingKey(undefined)).toThrow(/CERT_SIGNING_KEY/)
    // jose will not generate a short key, WebCrypto will.
    const short = (await crypto.subtle.generateKey({ name: 'RSASSA-PKCS1-v1_5', modulusLength: 1024, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, true, ['sign', 'verify'])) as CryptoKeyPair
    await expect(signingKey(await exportPKCS8(short.privateKey))).rejects.toThrow(/2048/)
    const { publicKey } = await generateKeyPair('RS256', { extractable: true })
    await expect(signingKey(JSON.stringify(await exportJWK(publicKey)))).rejects.toThrow(/private/)
  })
})

describe('roster standing', () => {
  const now = new Date('2026-11-20T00:00:00Z')
  const cert = (id: string, valid_until: string, revoked_at: string | null = null) => ({ id, person_id: 'p', valid_until, revoked_at })
  it.each([
    [[], 'none'],
    [[cert('a', '2027-06-01T00:00:00.000Z')], 'valid'],
    [[cert('a', '2026-12-10T00:00:00.000Z')], 'expiring'],
    [[cert('a', '2026-11-01T00:00:00.000Z')], 'expired'],
    [[cert('a', '2027-06-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z')], 'revoked'],
    [[cert('a', '2026-11-01T00:00:00.000Z'), cert('b', '2027-11-01T00:00:00.000Z')], 'valid'],
    [[cert('a', '2027-06-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z'), cert('b', '2026-01-01T00:00:00.000Z')], 'expired'],
  ])('%j → %s', (certs, status) => {
    expect(standing(certs, now).status).toBe(status)
  })

  it('writes CSV with a BOM, CRLF, quoting, and neutralises formula-like names', () => {
    const entries = buildRoster({
      people: [{ id: 'p', staff_no: '001', name: '=HYPERLINK("x")', role: 'staff', status: 'active' }],
      certificates: [], attempts: new Map([['p', 2]]), openAttempts: new Map(), pendingExtensions: new Map([['p', 15]]), attemptsPer24h: 3,
    }, now)
    const csv = rosterCsv(entries, (c) => c, (s) => s)
    expect(csv.charCodeAt(0)).toBe(0xfeff)
    expect(csv).toContain('\r\n001,"\'=HYPERLINK(""x"")",staff,none,,,2,15\r\n')
  })
})
