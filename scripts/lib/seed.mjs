import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { demo, demoIncidents } from './demo-data.mjs'
import { terminalFetch } from './terminal-client.mjs'

/**
 * Seeds the demo world through the admin API. Safe to run again: existing rows answer 409 and are kept.
 * Access codes and terminal secrets are shown once by the API, so they are kept in `credentialsFile`
 * (under .wrangler/, never committed); if that file was lost, fresh ones are issued.
 */
export async function seedDemo(baseUrl, adminToken, credentialsFile) {
  const saved = existsSync(credentialsFile) ? JSON.parse(readFileSync(credentialsFile, 'utf8')) : { people: {}, terminals: {} }
  const post = async (path, body) => {
    const res = await fetch(baseUrl + path, {
      method: 'POST', headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined,
    })
    if (res.status !== 201 && res.status !== 200 && res.status !== 409) throw new Error(`seed ${path}: ${res.status} ${await res.text()}`)
    return { status: res.status, json: res.status === 409 ? null : await res.json() }
  }
  let created = 0
  for (const a of demo.agents) created += (await post('/api/v1/admin/agents', a)).status === 201 ? 1 : 0
  // The demo rate plan, assigned to the top agent (its sub-agents inherit it).
  const demoPlan = JSON.parse(readFileSync(new URL('./demo-plan.json', import.meta.url), 'utf8'))
  created += (await post('/api/v1/admin/rate-plans', demoPlan)).status === 201 ? 1 : 0
  const assign = await fetch(`${baseUrl}/api/v1/admin/agents/AG-EAST/rate-plan`, {
    method: 'PUT', headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ plan_id: demoPlan.plan_id }),
  })
  if (assign.status !== 200) throw new Error(`seed plan: ${assign.status} ${await assign.text()}`)
  for (const m of demo.merchants) created += (await post('/api/v1/admin/merchants', m)).status === 201 ? 1 : 0
  for (const t of demo.terminals) {
    const r = await post('/api/v1/admin/terminals', t)
    if (r.status === 201) { created++; saved.terminals[t.terminal_id] = r.json.secret }
    else if (!saved.terminals[t.terminal_id]) saved.terminals[t.terminal_id] = (await post(`/api/v1/admin/terminals/${t.terminal_id}/secret`)).json.secret
  }
  const key = (p) => `${p.merchant_no ?? p.agent_id ?? 'admin'}/${p.staff_no}`
  let existing = null
  for (const p of demo.people) {
    const r = await post('/api/v1/admin/people', p)
    if (r.status === 201) { created++; saved.people[key(p)] = { id: r.json.id, access_code: r.json.access_code } }
    else if (!saved.people[key(p)]) {
      existing ??= (await (await fetch(baseUrl + '/api/v1/admin/people', { headers: { authorization: `Bearer ${adminToken}` } })).json()).people
      const row = existing.find((e) => e.staff_no === p.staff_no && (e.merchant_no ?? e.agent_id ?? 'admin') === (p.merchant_no ?? p.agent_id ?? 'admin'))
      const fresh = (await post(`/api/v1/admin/people/${row.id}/access-code`)).json
      saved.people[key(p)] = { id: row.id, access_code: fresh.access_code }
    }
  }
  for (const incident of demoIncidents) {
    const terminal = { terminal_id: incident.body.terminal_id, secret: saved.terminals[incident.body.terminal_id] }
    const res = await terminalFetch(baseUrl, terminal, 'POST', '/api/v1/incidents', incident.body, { 'idempotency-key': incident.key })
    if (res.status !== 201) throw new Error(`seed incident ${incident.key}: ${res.status} ${await res.text()}`)
    if (res.headers.get('idempotent-replayed') !== 'true') created++
  }
  mkdirSync(dirname(credentialsFile), { recursive: true })
  writeFileSync(credentialsFile, JSON.stringify(saved, null, 2))
  return { created, credentials: saved }
}

/** Lines for the console: who can sign in with what. */
export function describeCredentials(credentials) {
  const lines = []
  for (const p of demo.people) {
    const c = credentials.people[`${p.merchant_no ?? p.agent_id ?? 'admin'}/${p.staff_no}`]
    const scope = p.merchant_no ? `商户号 merchant ${p.merchant_no}` : p.agent_id ? `代理商 agent ${p.agent_id}` : '(admin: no merchant/agent)'
    lines.push(`  ${p.role.padEnd(7)} ${p.name.padEnd(5, '　')} ${scope}  员工号 staff ${p.staff_no}  登录码 code ${c?.access_code ?? '?'}`)
  }
  for (const t of demo.terminals) lines.push(`  terminal ${t.terminal_id}  secret ${credentials.terminals[t.terminal_id] ?? '?'}`)
  return lines
}
