import { createRoute, z } from '@hono/zod-openapi'
import { assertOwnMerchant, requireRole } from '../http/auth'
import { json, jsonBody, newApp, problemResponses } from '../http/openapi'
import { problems } from '../http/problem'
import { newId, nowIso } from '../ids'
import { hashAccessCode, newAccessCode } from '../security/access-codes'
import { toBase64Url, randomBytes } from '../security/encoding'
import { currentDataKey } from '../security/keys'
import { seal } from '../security/sealed'
import * as s from './schema'
import * as store from './store'

// Admin bootstrap: agents, merchants, terminals, people. Managers: their own staff and access codes.
export const adminAccounts = newApp()
adminAccounts.use('*', requireRole('admin'))

adminAccounts.openapi(
  createRoute({
    method: 'post', path: '/agents', tags: ['Admin'], summary: 'Create an agent (代理商), optionally under a parent agent',
    request: { body: jsonBody(s.CreateAgent) },
    responses: { 201: json(s.Agent, 'Created'), ...problemResponses(400, 401, 409, 422) },
  }),
  async (c) => {
    const input = c.req.valid('json')
    if (input.parent_agent_id === input.agent_id) throw problems.unprocessable([{ path: 'parent_agent_id', message: 'accounts.parent_cycle' }])
    if (input.parent_agent_id && !(await store.findAgent(c.env.DB, input.parent_agent_id))) {
      throw problems.unprocessable([{ path: 'parent_agent_id', message: 'accounts.unknown_agent', params: { agent_id: input.parent_agent_id } }])
    }
    const agent = { agent_id: input.agent_id, name: input.name, parent_agent_id: input.parent_agent_id ?? null, created_at: nowIso() }
    try {
      await store.insertAgent(c.env.DB, agent)
    } catch (err) {
      if (store.isUniqueViolation(err)) throw problems.conflict('accounts.duplicate_agent', { agent_id: input.agent_id })
      throw err
    }
    return c.json(agent, 201)
  },
)

adminAccounts.openapi(
  createRoute({
    method: 'post', path: '/merchants', tags: ['Admin'], summary: 'Create a merchant (商户), optionally assigned to an agent',
    request: { body: jsonBody(s.CreateMerchant) },
    responses: { 201: json(s.Merchant, 'Created'), ...problemResponses(400, 401, 409, 422) },
  }),
  async (c) => {
    const input = c.req.valid('json')
    if (input.agent_id && !(await store.findAgent(c.env.DB, input.agent_id))) {
      throw problems.unprocessable([{ path: 'agent_id', message: 'accounts.unknown_agent', params: { agent_id: input.agent_id } }])
    }
    const merchant = { merchant_no: input.merchant_no, name: input.name, agent_id: input.agent_id ?? null, created_at: nowIso() }
    try {
      await store.insertMerchant(c.env.DB, merchant)
    } catch (err) {
      if (store.isUniqueViolation(err)) throw problems.conflict('accounts.duplicate_merchant', { merchant_no: input.merchant_no })
      throw err
    }
    return c.json(merchant, 201)
  },
)

adminAccounts.openapi(
  createRoute({
    method: 'get', path: '/merchants', tags: ['Admin'], summary: 'List merchants',
    responses: { 200: json(z.object({ merchants: z.array(s.Merchant) }), 'Merchants'), ...problemResponses(401) },
  }),
  async (c) => c.json({ merchants: await store.listMerchants(c.env.DB) }, 200),
)

adminAccounts.openapi(
  createRoute({
    method: 'post', path: '/terminals', tags: ['Admin'], summary: 'Register a terminal (终端); its HMAC secret is returned once',
    request: { body: jsonBody(s.CreateTerminal) },
    responses: { 201: json(s.CreatedTerminal, 'Created'), ...problemResponses(400, 401, 409, 422) },
  }),
  async (c) => {
    const input = c.req.valid('json')
    if (!(await store.findMerchant(c.env.DB, input.merchant_no))) {
      throw problems.unprocessable([{ path: 'merchant_no', message: 'accounts.unknown_merchant', params: { merchant_no: input.merchant_no } }])
    }
    const secret = toBase64Url(randomBytes(32))
    const terminalId = input.terminal_id.toUpperCase()
    try {
      await store.insertTerminal(c.env.DB, {
        terminal_id: terminalId, merchant_no: input.merchant_no, model: input.model ?? null, serial_no: input.serial_no ?? null,
        secret_sealed: await seal(secret, currentDataKey(c.env)), status: 'active', created_at: nowIso(),
      })
    } catch (err) {
      if (store.isUniqueViolation(err)) throw problems.conflict('accounts.duplicate_terminal', { terminal_id: terminalId })
      throw err
    }
    return c.json({ terminal_id: terminalId, merchant_no: input.merchant_no, secret }, 201)
  },
)

adminAccounts.openapi(
  createRoute({
    method: 'post', path: '/terminals/{terminal_id}/secret', tags: ['Admin'],
    summary: 'Issue a new HMAC secret to a terminal (replaced device, leaked secret); the old one stops working at once',
    request: { params: z.object({ terminal_id: s.TerminalId }) },
    responses: { 200: json(s.CreatedTerminal, 'New secret, shown once'), ...problemResponses(400, 401, 404) },
  }),
  async (c) => {
    const terminalId = c.req.valid('param').terminal_id.toUpperCase()
    const terminal = await store.findTerminalWithSecret(c.env.DB, terminalId)
    if (!terminal) throw problems.notFound('accounts.unknown_terminal', { terminal_id: terminalId })
    const secret = toBase64Url(randomBytes(32))
    await store.replaceTerminalSecret(c.env.DB, terminalId, await seal(secret, currentDataKey(c.env)))
    return c.json({ terminal_id: terminalId, merchant_no: terminal.merchant_no, secret }, 200)
  },
)

adminAccounts.openapi(
  createRoute({
    method: 'get', path: '/people', tags: ['Admin'], summary: 'Everyone, across merchants and agents (no access codes)',
    responses: { 200: json(z.object({ people: z.array(s.Person) }), 'People'), ...problemResponses(401) },
  }),
  async (c) => c.json({ people: await store.listPeople(c.env.DB) }, 200),
)

/** Create a person with a fresh access code; shared by the admin and manager routes. */
async function createPerson(db: D1Database, input: { role: s.RoleName; staff_no: string; name: string; merchant_no?: string; agent_id?: string }) {
  if (input.merchant_no && !(await store.findMerchant(db, input.merchant_no))) {
    throw problems.unprocessable([{ path: 'merchant_no', message: 'accounts.unknown_merchant', params: { merchant_no: input.merchant_no } }])
  }
  if (input.agent_id && !(await store.findAgent(db, input.agent_id))) {
    throw problems.unprocessable([{ path: 'agent_id', message: 'accounts.unknown_agent', params: { agent_id: input.agent_id } }])
  }
  const accessCode = newAccessCode()
  const now = nowIso()
  const id = newId('per')
  try {
    await store.insertPerson(db, {
      id, role: input.role, staff_no: input.staff_no, name: input.name, merchant_no: input.merchant_no ?? null, agent_id: input.agent_id ?? null,
      status: 'active', code_issued_at: now, created_at: now, access_code_hash: await hashAccessCode(accessCode),
    })
  } catch (err) {
    if (store.isUniqueViolation(err)) throw problems.conflict('accounts.duplicate_person', { staff_no: input.staff_no })
    throw err
  }
  return { id, access_code: accessCode }
}

adminAccounts.openapi(
  createRoute({
    method: 'post', path: '/people', tags: ['Admin'], summary: 'Create a person (staff, manager, agent or admin); the access code is returned once',
    request: { body: jsonBody(s.CreatePerson) },
    responses: { 201: json(s.CreatedPerson, 'Created'), ...problemResponses(400, 401, 409, 422) },
  }),
  async (c) => c.json(await createPerson(c.env.DB, c.req.valid('json')), 201),
)

adminAccounts.openapi(
  createRoute({
    method: 'post', path: '/people/{id}/access-code', tags: ['Admin'], summary: 'Issue a new access code to anyone (ends their sessions)',
    request: { params: z.object({ id: z.string() }) },
    responses: { 200: json(s.AccessCode, 'New code, shown once'), ...problemResponses(401, 404) },
  }),
  async (c) => {
    const { id } = c.req.valid('param')
    if (!(await store.findPerson(c.env.DB, id))) throw problems.notFound('accounts.unknown_person')
    return c.json(await reissueCode(c.env.DB, id), 200)
  },
)

async function reissueCode(db: D1Database, personId: string) {
  const code = newAccessCode()
  await store.replaceAccessCode(db, personId, await hashAccessCode(code), nowIso())
  return { id: personId, access_code: code }
}

// --- Merchant scope: managers run their own staff; admins may act on any merchant.
export const merchantAccounts = newApp()
merchantAccounts.use('*', requireRole('manager', 'admin'))

const MerchantParam = z.object({ merchant_no: s.MerchantNo })

merchantAccounts.openapi(
  createRoute({
    method: 'get', path: '/{merchant_no}/people', tags: ['Merchants'], summary: 'The merchant’s staff and managers',
    request: { params: MerchantParam },
    responses: { 200: json(z.object({ people: z.array(s.Person) }), 'People'), ...problemResponses(400, 401, 403) },
  }),
  async (c) => {
    const { merchant_no } = c.req.valid('param')
    assertOwnMerchant(c.get('principal'), merchant_no)
    return c.json({ people: await store.listPeopleOfMerchant(c.env.DB, merchant_no) }, 200)
  },
)

merchantAccounts.openapi(
  createRoute({
    method: 'get', path: '/{merchant_no}/terminals', tags: ['Merchants'], summary: 'The merchant’s terminals (inventory with model and serial no.)',
    request: { params: MerchantParam },
    responses: { 200: json(z.object({ terminals: z.array(s.Terminal) }), 'Terminals'), ...problemResponses(400, 401, 403) },
  }),
  async (c) => {
    const { merchant_no } = c.req.valid('param')
    assertOwnMerchant(c.get('principal'), merchant_no)
    return c.json({ terminals: await store.listTerminals(c.env.DB, merchant_no) }, 200)
  },
)

merchantAccounts.openapi(
  createRoute({
    method: 'post', path: '/{merchant_no}/staff', tags: ['Merchants'], summary: 'A manager adds a staff member (收银员); the access code is returned once',
    request: { params: MerchantParam, body: jsonBody(s.CreateStaff) },
    responses: { 201: json(s.CreatedPerson, 'Created'), ...problemResponses(400, 401, 403, 409) },
  }),
  async (c) => {
    const { merchant_no } = c.req.valid('param')
    assertOwnMerchant(c.get('principal'), merchant_no)
    const input = c.req.valid('json')
    return c.json(await createPerson(c.env.DB, { role: 'staff', staff_no: input.staff_no, name: input.name, merchant_no }), 201)
  },
)

merchantAccounts.openapi(
  createRoute({
    method: 'post', path: '/{merchant_no}/staff/{id}/access-code', tags: ['Merchants'], summary: 'A manager resets a staff member’s access code (ends their sessions)',
    request: { params: MerchantParam.extend({ id: z.string() }) },
    responses: { 200: json(s.AccessCode, 'New code, shown once'), ...problemResponses(401, 403, 404) },
  }),
  async (c) => {
    const { merchant_no, id } = c.req.valid('param')
    const principal = c.get('principal')
    assertOwnMerchant(principal, merchant_no)
    const person = await store.findPerson(c.env.DB, id)
    // Another merchant's person looks exactly like a missing one: no probing across merchants.
    if (!person || person.merchant_no !== merchant_no) throw problems.notFound('accounts.unknown_person')
    if (person.role !== 'staff' && principal?.kind !== 'admin') throw problems.forbidden('auth.role_required', { roles: 'admin' })
    return c.json(await reissueCode(c.env.DB, id), 200)
  },
)
