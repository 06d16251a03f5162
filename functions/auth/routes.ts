import { createRoute, z } from '@hono/zod-openapi'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { findPersonForSignIn, signInScope } from '../accounts/store'
import { SESSION_COOKIE } from '../http/auth'
import { json, jsonBody, newApp, problemResponses } from '../http/openapi'
import { problems } from '../http/problem'
import { verifyAccessCode } from '../security/access-codes'
import { randomBytes, sha256Hex, toBase64Url } from '../security/encoding'
import { Me, SignIn } from './schema'
import { countAttempt, deleteSession, insertSession, takeBackAttempt } from './store'
import { MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_CLIENT, retryAfter, THROTTLE_WINDOW_SECONDS } from './throttle'

export const SESSION_SECONDS = 12 * 60 * 60 // one long shift

export const authRoutes = newApp()

authRoutes.openapi(
  createRoute({
    method: 'post', path: '/sign-in', tags: ['Sign-in'],
    summary: 'Staff, managers and agents sign in with merchant no. (or agent id), staff no. and access code',
    request: { body: jsonBody(SignIn) },
    responses: { 200: json(Me, 'Signed in; the session cookie is set'), ...problemResponses(400, 401, 429) },
  }),
  async (c) => {
    const input = c.req.valid('json')
    const now = Math.floor(Date.now() / 1000)
    // The account as the lookup sees it: extra fields the lookup ignores must not open a new budget.
    const accountKey = `acct:${signInScope(input)}:${input.staff_no.toUpperCase()}`
    const clientKey = `client:${c.req.header('cf-connecting-ip') ?? 'local'}`
    const [account, client] = await countAttempt(c.env.DB, [accountKey, clientKey], now, THROTTLE_WINDOW_SECONDS)
    // The counts include this attempt: it may go ahead while the failures before it are under the limit.
    const wait = Math.max(
      retryAfter({ ...account!, failures: account!.failures - 1 }, MAX_FAILURES_PER_ACCOUNT, now),
      retryAfter({ ...client!, failures: client!.failures - 1 }, MAX_FAILURES_PER_CLIENT, now),
    )
    if (wait > 0) throw problems.tooMany('auth.throttled', wait)

    const person = await findPersonForSignIn(c.env.DB, input, input.staff_no)
    // Always run the slow hash, so a wrong staff no. takes as long as a wrong code.
    const ok = await verifyAccessCode(input.access_code, person?.access_code_hash ?? 'pbkdf2-sha256$100000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=')
    if (!person || !ok) throw problems.unauthorized('auth.bad_credentials') // the attempt stays counted
    await takeBackAttempt(c.env.DB, accountKey, clientKey)
    if (person.status !== 'active') throw problems.forbidden('auth.disabled')

    const token = toBase64Url(randomBytes(32))
    const expiresAt = now + SESSION_SECONDS
    await insertSession(c.env.DB, await sha256Hex(token), person.id, now, expiresAt)
    setCookie(c, SESSION_COOKIE, token, { httpOnly: true, secure: true, sameSite: 'Lax', path: '/', maxAge: SESSION_SECONDS })
    return c.json({
      id: person.id, role: person.role, name: person.name, staff_no: person.staff_no,
      merchant_no: person.merchant_no, agent_id: person.agent_id, expires_at: new Date(expiresAt * 1000).toISOString(),
    }, 200)
  },
)

authRoutes.openapi(
  createRoute({
    method: 'post', path: '/sign-out', tags: ['Sign-in'], summary: 'End the session',
    responses: { 204: { description: 'Signed out (also when there was no session)' } },
  }),
  async (c) => {
    const token = getCookie(c, SESSION_COOKIE)
    if (token) await deleteSession(c.env.DB, await sha256Hex(token))
    deleteCookie(c, SESSION_COOKIE, { path: '/', secure: true })
    return c.body(null, 204)
  },
)

authRoutes.openapi(
  createRoute({
    method: 'get', path: '/me', tags: ['Sign-in'], summary: 'Who is signed in',
    responses: { 200: json(Me, 'The signed-in person'), ...problemResponses(401) },
  }),
  async (c) => {
    const p = c.get('principal')
    if (!p || p.kind === 'terminal') throw problems.unauthorized('auth.session_required')
    if (p.kind === 'admin') return c.json({ id: 'admin', role: 'admin' as const, name: 'Admin', staff_no: '-', merchant_no: null, agent_id: null }, 200)
    return c.json({ id: p.personId, role: p.role, name: p.name, staff_no: p.staffNo, merchant_no: p.merchantNo, agent_id: p.agentId }, 200)
  },
)

export type MeResponse = z.infer<typeof Me>
