import { OpenAPIHono, z } from '@hono/zod-openapi'
import type { AppEnv } from '../env'
import { validationHook } from './validation'

/** Every sub-app is made here so all share the validation hook (zod failures -> problem+json). */
export function newApp() {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
}

export const ProblemSchema = z.object({
  type: z.string(), title: z.string(), status: z.number().int(), detail: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
}).openapi('Problem')

const problemContent = { 'application/problem+json': { schema: ProblemSchema } }

/** The error responses a route can give, for the OpenAPI document. */
export function problemResponses(...statuses: number[]) {
  const text: Record<number, string> = {
    400: 'Invalid input (every bad field named)', 401: 'Not signed in or bad signature', 403: 'Not allowed for this caller',
    404: 'Not found', 409: 'Conflict', 413: 'Body too large', 415: 'Not JSON', 422: 'Refers to something that does not exist', 429: 'Throttled',
  }
  return Object.fromEntries(statuses.map((s) => [s, { description: text[s] ?? 'Error', content: problemContent }]))
}

export function jsonBody<T extends z.ZodType>(schema: T) {
  return { content: { 'application/json': { schema } }, required: true as const }
}

export function json<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } }
}
