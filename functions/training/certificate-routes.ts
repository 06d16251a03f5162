import { createRoute } from '@hono/zod-openapi'
import { assertOwnMerchant, requireRole } from '../http/auth'
import { quietOnSuccess } from '../http/middleware'
import { json, jsonBody, newApp, problemResponses } from '../http/openapi'
import { problems } from '../http/problem'
import { newId } from '../ids'
import { findCertificate, revokeCertificate } from './certificate-store'
import { findExam } from './exams'
import * as s from './schema'
import { publicJwks, signingSecret } from './signing'
import { certificateView } from './view'

// Certificates: public status (no sign-in; the id is an unguessable capability the holder shares),
// revocation by the holder's manager or an admin.
export const certificateRoutes = newApp()

certificateRoutes.openapi(
  createRoute({
    method: 'get', path: '/{id}', tags: ['Certificates'],
    summary: 'Verify a certificate (public): valid, expired or revoked; holder partly masked; merchant; dates; the signed VC-JWT',
    request: { params: s.CertificateParam },
    responses: { 200: json(s.CertificateView, 'The certificate'), ...problemResponses(404) },
  }),
  async (c) => {
    const cert = await findCertificate(c.env.DB, c.req.valid('param').id)
    if (!cert) throw problems.notFound('training.unknown_certificate')
    return c.json(certificateView(cert, findExam(cert.exam_id), c.get('lang'), new URL(c.req.url).origin, new Date()), 200)
  },
)

certificateRoutes.openapi(
  createRoute({
    method: 'post', path: '/{id}/revoke', tags: ['Certificates'],
    summary: 'Revoke a certificate with a reason (manager of the holder’s merchant, or admin); the verify page shows it',
    security: s.SESSION_OR_ADMIN,
    middleware: requireRole('manager', 'admin'),
    request: { params: s.CertificateParam, body: jsonBody(s.Revoke) },
    responses: { 200: json(s.CertificateView, 'Revoked'), ...problemResponses(400, 401, 403, 404, 409) },
  }),
  async (c) => {
    const principal = c.get('principal')
    const cert = await findCertificate(c.env.DB, c.req.valid('param').id)
    if (!cert) throw problems.notFound('training.unknown_certificate')
    assertOwnMerchant(principal, cert.merchant_no)
    if (cert.revoked_at) throw problems.conflict('training.already_revoked', { revoked_at: cert.revoked_at })
    const by = principal?.kind === 'person' ? principal.personId : 'admin'
    const { reason } = c.req.valid('json')
    if (!(await revokeCertificate(c.env.DB, cert, by, reason, new Date().toISOString(), newId('aud')))) {
      const now = await findCertificate(c.env.DB, cert.id)
      throw problems.conflict('training.already_revoked', { revoked_at: now?.revoked_at ?? '' })
    }
    const revoked = (await findCertificate(c.env.DB, cert.id))!
    return c.json(certificateView(revoked, findExam(revoked.exam_id), c.get('lang'), new URL(c.req.url).origin, new Date()), 200)
  },
)

// Mounted at /.well-known: wrangler.toml routes that prefix to the Worker.
export const jwksRoutes = newApp()
jwksRoutes.use('*', quietOnSuccess)

jwksRoutes.openapi(
  createRoute({
    method: 'get', path: '/jwks.json', tags: ['Certificates'], summary: 'Public keys that verify certificate VC-JWTs (RS256, kid = RFC 7638 thumbprint)',
    responses: { 200: json(s.Jwks, 'JWK set') },
  }),
  async (c) => {
    c.header('cache-control', 'public, max-age=3600')
    return c.json(await publicJwks(signingSecret(c.env), c.env.CERT_RETIRED_KEYS), 200)
  },
)
