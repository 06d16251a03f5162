/**
 * The certificate as an Open Badges 3.0 `OpenBadgeCredential` (VC Data Model 2.0), to be signed as a
 * VC-JWT (signing.ts). Pure: dates and ids come in, JSON goes out.
 *
 * Holder and merchant: OB 3.0's AchievementSubject names a person through `identifier`
 * (IdentityObject, identityType `name`); the merchant is an extension property `merchant` (a Profile),
 * which the VC 2.0 context's @vocab keeps valid JSON-LD.
 */
import type { ExamDefinition } from './exams'
import { itemCount } from './exams'

export const ISSUER_NAME = '刷卡无忧 SwipeSafe'

export interface CertificateFacts {
  id: string
  /** Scheme and host the API is served from, e.g. https://swipesafe.cn; the issuer id and `iss`. */
  origin: string
  issuedAt: Date
  validUntil: Date
  personId: string
  holderName: string
  merchantNo: string
  merchantName: string
  exam: ExamDefinition
}

export interface SignedClaims { iss: string; sub: string; jti: string; nbf: number; exp: number; iat: number }

/** Calendar months later in UTC; 29 Feb + 12 months is 1 Mar, never 28 Feb (the holder gets the full year). */
export function addMonths(d: Date, months: number): Date {
  const out = new Date(d.getTime())
  out.setUTCMonth(out.getUTCMonth() + months)
  return out
}

export function credentialUrl(origin: string, id: string): string {
  return `${origin}/api/v1/certificates/${id}`
}

export function verifyPageUrl(origin: string, id: string): string {
  return `${origin}/verify/?id=${id}`
}

export function buildCredential(f: CertificateFacts): { credential: Record<string, unknown>; claims: SignedClaims } {
  const subject = `urn:swipesafe:person:${f.personId}`
  const exam = f.exam
  const credential = {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    id: credentialUrl(f.origin, f.id),
    name: `${exam.title['zh-CN']} / ${exam.title.en}`,
    issuer: { id: f.origin, type: ['Profile'], name: ISSUER_NAME, url: `${f.origin}/` },
    validFrom: f.issuedAt.toISOString(),
    validUntil: f.validUntil.toISOString(),
    credentialSubject: {
      id: subject,
      type: ['AchievementSubject'],
      identifier: [{ type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: f.holderName }],
      merchant: {
        id: `urn:swipesafe:merchant:${f.merchantNo}`, type: ['Profile'], name: f.merchantName,
        otherIdentifier: [{ type: 'IdentifierEntry', identifierType: 'ext:MerchantNo', identifier: f.merchantNo }],
      },
      achievement: {
        id: `${f.origin}/certification/#${exam.id}`,
        type: ['Achievement'],
        achievementType: 'Certification',
        name: `${exam.title['zh-CN']} / ${exam.title.en}`,
        description: `${exam.description['zh-CN']} / ${exam.description.en}`,
        criteria: { narrative: criteriaNarrative(exam) },
        humanCode: exam.id,
      },
    },
  }
  const seconds = (d: Date) => Math.floor(d.getTime() / 1000)
  return {
    credential,
    claims: { iss: f.origin, sub: subject, jti: credential.id, nbf: seconds(f.issuedAt), iat: seconds(f.issuedAt), exp: seconds(f.validUntil) },
  }
}

function criteriaNarrative(exam: ExamDefinition): string {
  const perModule = Math.max(...Object.values(exam.blueprint))
  const n = itemCount(exam)
  return `在 ${exam.minutes} 分钟的限时考试中答对至少 ${exam.passPercent} % 的题目（每个模块 ${perModule} 题，共 ${n} 题，由服务器评分）。`
    + ` / Answer at least ${exam.passPercent} % of a ${exam.minutes}-minute timed exam correctly (${perModule} items per module, ${n} items, graded by the server).`
}

export type CertificateStatus = 'valid' | 'expired' | 'revoked'

/** Revocation wins over expiry: a verifier must learn that a certificate was withdrawn. */
export function certificateStatus(c: { valid_until: string; revoked_at: string | null }, now: Date): CertificateStatus {
  if (c.revoked_at) return 'revoked'
  return Date.parse(c.valid_until) > now.getTime() ? 'valid' : 'expired'
}

/** 王芳 → 王*, 王小芳 → 王**: the rule incidents use for cardholder names, kept here to stay independent. */
export function maskHolder(name: string): string {
  const chars = [...name.trim()]
  if (chars.length <= 1) return '*'
  return chars[0] + '*'.repeat(Math.min(chars.length - 1, 3))
}
