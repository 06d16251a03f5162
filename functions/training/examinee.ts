import type { Principal } from '../env'
import { problems } from '../http/problem'

/** Exams are taken by a signed-in staff member or manager: a person with a merchant to certify for. */
export function examinee(p: Principal | undefined): { personId: string; merchantNo: string } {
  if (!p || p.kind === 'terminal') throw problems.unauthorized('auth.session_required')
  if (p.kind !== 'person' || (p.role !== 'staff' && p.role !== 'manager') || !p.merchantNo) throw problems.forbidden('training.exam_needs_person')
  return { personId: p.personId, merchantNo: p.merchantNo }
}
