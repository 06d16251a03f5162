import { HTTPException } from 'hono/http-exception'
import { adminAccounts, merchantAccounts } from './accounts/routes'
import { authRoutes } from './auth/routes'
import { apiReference } from './docs'
import { feeRoutes, ratePlanRoutes, STATEMENT_UPLOAD_PATH, statementRoutes } from './fees/routes'
import { healthRoutes } from './health/routes'
import { deskRoutes } from './incidents/desk'
import { inspectionRoutes } from './incidents/inspections'
import { redactCardNumbers } from './incidents/card'
import { intakeRoutes } from './incidents/routes'
import { identify } from './http/auth'
import { envelope, limitBody, requireContentType } from './http/middleware'
import { newApp } from './http/openapi'
import { fromHttpException, Problem, problemResponse } from './http/problem'
import { methodsAllowed } from './http/routing'
import { terminalRoutes } from './terminal/routes'
import { attemptRoutes, certificateRoutes, examRoutes, extensionRoutes, jwksRoutes, quizRoutes, rosterRoutes } from './training'

/** The whole API and the static-site fallback as one Hono app; functions/index.ts is the Worker entry. */
export const app = newApp()

app.use('*', envelope)
const jsonBodyLimit = limitBody()
// Statement uploads stream up to 128 MiB of CSV: that route limits its own body while it streams
// (hono's bodyLimit would buffer a chunked body), every other API body is JSON up to 64 KiB.
app.use('/api/v1/*', (c, next) => (STATEMENT_UPLOAD_PATH.test(c.req.path) ? next() : jsonBodyLimit(c, next)), requireContentType([STATEMENT_UPLOAD_PATH]), identify)

app.route('/api/v1/health', healthRoutes)
app.route('/api/v1/auth', authRoutes)
app.route('/api/v1/admin', adminAccounts)
app.route('/api/v1/merchants', merchantAccounts)
app.route('/api/v1/terminal', terminalRoutes)
app.route('/api/v1/fees', feeRoutes)
app.route('/api/v1', ratePlanRoutes)
app.route('/api/v1/statements', statementRoutes)
app.route('/api/v1/incidents', intakeRoutes)
app.route('/api/v1/incidents', deskRoutes)
app.route('/api/v1/inspections', inspectionRoutes)
app.route('/api/v1/quizzes', quizRoutes)
app.route('/api/v1/exams', examRoutes)
app.route('/api/v1/attempts', attemptRoutes)
app.route('/api/v1/people', extensionRoutes)
app.route('/api/v1/certificates', certificateRoutes)
app.route('/api/v1/merchants', rosterRoutes) // role checks per route: other merchant routes are unaffected
app.route('/.well-known', jwksRoutes)

app.openAPIRegistry.registerComponent('securitySchemes', 'adminToken', { type: 'http', scheme: 'bearer' })
app.openAPIRegistry.registerComponent('securitySchemes', 'session', { type: 'apiKey', in: 'cookie', name: 'ss_session' })
app.doc31('/api/v1/openapi.json', {
  openapi: '3.1.0',
  info: {
    title: 'SwipeSafe (刷卡无忧) API', version: '1',
    description: 'Incidents, exact fees and profit share, training and certificates for POS merchants. Money is integer fen; rates are percent strings; errors are RFC 9457 problem+json in zh-CN or en (Accept-Language).',
  },
  servers: [{ url: '/' }],
})
app.get('/api/docs', apiReference)

app.notFound((c) => {
  if (!c.req.path.startsWith('/api/')) return c.env.ASSETS.fetch(c.req.raw)
  const allowed = methodsAllowed(app.routes, c.req.path)
  if (allowed.length) {
    return problemResponse(c, {
      type: 'method-not-allowed', status: 405, title: 'problem.method_not_allowed', detail: 'problem.method_not_allowed.detail',
      params: { method: c.req.method, path: redactCardNumbers(c.req.path).text, allowed: allowed.join(', ') }, headers: { allow: allowed.join(', ') },
    })
  }
  return problemResponse(c, { type: 'not-found', status: 404, title: 'problem.not_found', detail: 'problem.not_found.detail', params: { method: c.req.method, path: redactCardNumbers(c.req.path).text } })
})

app.onError((err, c) => {
  if (err instanceof Problem) return problemResponse(c, err.init)
  if (err instanceof HTTPException) return problemResponse(c, fromHttpException(err))
  // Unexpected: log the error class and message only (request bodies never reach the log).
  console.error(JSON.stringify({ level: 'error', msg: 'unhandled', request_id: c.get('requestId'), route: c.req.routePath, error: err instanceof Error ? `${err.name}: ${err.message}` : 'unknown' }))
  return problemResponse(c, { type: 'internal', status: 500, title: 'problem.internal', detail: 'problem.internal.detail', params: { request_id: c.get('requestId') ?? '' } })
})

