import { z } from '@hono/zod-openapi'
import { AgentId, MerchantNo, Role, StaffNo } from '../accounts/schema'

export const SignIn = z.strictObject({
  merchant_no: MerchantNo.optional(),
  agent_id: AgentId.optional(),
  staff_no: StaffNo,
  access_code: z.string().regex(/^[A-Za-z0-9]{4}-?[A-Za-z0-9]{4}-?[A-Za-z0-9]{2}$/, { error: 'field.access_code' }).openapi({ example: 'K7PM-2XQ9-4T' }),
}).openapi('SignIn')

export const Me = z.object({
  id: z.string(), role: Role, name: z.string(), staff_no: z.string(),
  merchant_no: z.string().nullable(), agent_id: z.string().nullable(),
  expires_at: z.string().optional().openapi({ description: 'When the session ends (UTC)' }),
}).openapi('Me')
