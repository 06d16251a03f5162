import { auth, inspections, type Me } from '../../lib/api'
import { fill } from '../../lib/text'

// What the two staff forms of the desk (report, inspection) do before the form shows: check who is signed
// in, and offer the merchant's terminals as a list. Element ids follow `${prefix}-…`.

export interface GateStrings {
  offline: string
  wrongRole: string
  /** `{name}`, `{role}`. */
  signedInAs: string
  roles: Record<string, string>
}

/**
 * The signed-in staff member or manager, named in `#${prefix}-gate`; otherwise null, with the reason
 * there and the sign-in link (`#${prefix}-signin`) shown unless the network is down.
 */
export async function signedInStaff(root: HTMLElement, prefix: string, s: GateStrings): Promise<Me | null> {
  const gate = root.querySelector<HTMLElement>(`#${prefix}-gate`)!
  const signIn = root.querySelector<HTMLElement>(`#${prefix}-signin`)!
  const me = await auth.me()
  if (!me.ok) {
    gate.textContent = me.status === 0 ? s.offline : ''
    signIn.hidden = me.status === 0
    return null
  }
  if (me.data.role !== 'staff' && me.data.role !== 'manager') {
    gate.textContent = s.wrongRole
    signIn.hidden = false
    return null
  }
  gate.textContent = fill(s.signedInAs, { name: me.data.name, role: s.roles[me.data.role] ?? me.data.role })
  return me.data
}

/**
 * Replaces the typed terminal ID (`#${prefix}-terminal_id`) with a list of the merchant's terminals,
 * keeping its id, name and description; the one overdue for inspection is chosen first when asked.
 * Without a list (offline, none yet) the ID stays typed.
 */
export async function offerTerminals(root: HTMLElement, prefix: string, hint: string, preferOverdue = false): Promise<void> {
  const res = await inspections.status()
  if (!res.ok || res.data.terminals.length === 0) return
  const input = root.querySelector<HTMLInputElement>(`#${prefix}-terminal_id`)!
  const select = document.createElement('select')
  for (const attr of ['id', 'name', 'aria-describedby']) select.setAttribute(attr, input.getAttribute(attr)!)
  for (const t of res.data.terminals) select.append(new Option(t.model ? `${t.terminal_id} · ${t.model}` : t.terminal_id, t.terminal_id))
  const due = preferOverdue ? res.data.terminals.find((t) => t.overdue) : undefined
  if (due) select.value = due.terminal_id
  input.replaceWith(select)
  root.querySelector(`#${prefix}-hint-terminal_id`)!.textContent = hint
}
