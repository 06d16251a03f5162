import { z } from '@hono/zod-openapi'

// Field formats from the domain notes; the `error` values are i18n message keys.
export const MerchantNo = z.string().regex(/^\d{15}$/, { error: 'field.merchant_no' }).openapi({ example: '898310058120001', description: '商户号: 15 digits' })
export const TerminalId = z.string().regex(/^[A-Za-z0-9]{8}$/, { error: 'field.terminal_id' }).openapi({ example: 'T0000001', description: '终端号: 8 letters or digits' })
export const AgentId = z.string().regex(/^[A-Za-z0-9_-]{2,32}$/, { error: 'field.agent_id' }).openapi({ example: 'AG-EAST' })
export const StaffNo = z.string().regex(/^[A-Za-z0-9]{1,16}$/, { error: 'field.staff_no' }).openapi({ example: '001' })
export const PersonName = z.string().trim().min(1).max(64).openapi({ example: '王芳' })
export const Role = z.enum(['staff', 'manager', 'agent', 'admin'])

export const CreateAgent = z.strictObject({ agent_id: AgentId, name: PersonName, parent_agent_id: AgentId.optional() }).openapi('CreateAgent')
export const Agent = z.object({ agent_id: z.string(), name: z.string(), parent_agent_id: z.string().nullable(), created_at: z.string() }).openapi('Agent')

export const CreateMerchant = z.strictObject({ merchant_no: MerchantNo, name: z.string().trim().min(1).max(100), agent_id: AgentId.optional() }).openapi('CreateMerchant')
export const Merchant = z.object({ merchant_no: z.string(), name: z.string(), agent_id: z.string().nullable(), created_at: z.string() }).openapi('Merchant')

export const CreateTerminal = z.strictObject({
  terminal_id: TerminalId, merchant_no: MerchantNo,
  model: z.string().trim().min(1).max(64).optional(), serial_no: z.string().trim().min(1).max(64).optional(),
}).openapi('CreateTerminal')
export const CreatedTerminal = z.object({
  terminal_id: z.string(), merchant_no: z.string(),
  secret: z.string().openapi({ description: 'HMAC secret. Shown once: store it in the terminal.' }),
}).openapi('CreatedTerminal')
export const Terminal = z.object({
  terminal_id: z.string(), merchant_no: z.string(), model: z.string().nullable(), serial_no: z.string().nullable(),
  status: z.enum(['active', 'disabled']), created_at: z.string(),
}).openapi('Terminal')

export const CreatePerson = z.strictObject({
  role: Role, staff_no: StaffNo, name: PersonName, merchant_no: MerchantNo.optional(), agent_id: AgentId.optional(),
}).refine(
  (p) => (p.role === 'staff' || p.role === 'manager' ? !!p.merchant_no && !p.agent_id : p.role === 'agent' ? !!p.agent_id && !p.merchant_no : !p.merchant_no && !p.agent_id),
  { error: 'field.role_scope', path: ['role'] },
).openapi('CreatePerson')
export const CreatedPerson = z.object({
  id: z.string(), access_code: z.string().openapi({ description: 'Shown once; stored hashed.', example: 'K7PM-2XQ9-4T' }),
}).openapi('CreatedPerson')

export const CreateStaff = z.strictObject({ staff_no: StaffNo, name: PersonName }).openapi('CreateStaff')
export const Person = z.object({
  id: z.string(), role: Role, staff_no: z.string(), name: z.string(), merchant_no: z.string().nullable(),
  agent_id: z.string().nullable(), status: z.enum(['active', 'disabled']), code_issued_at: z.string(), created_at: z.string(),
}).openapi('Person')
export const AccessCode = z.object({ id: z.string(), access_code: z.string() }).openapi('AccessCode')
export type RoleName = z.infer<typeof Role>
