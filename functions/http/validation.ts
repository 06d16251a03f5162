import { z } from '@hono/zod-openapi'
import { isMessageKey } from '../i18n'
import { problems, type FieldError } from './problem'

type Issue = z.core.$ZodIssue

// A missing field reads "required" whatever check it failed first (zod reports a missing enum as an
// invalid option and drops the input, so this cannot be told apart later).
z.config({ customError: (iss) => (iss.input === undefined && iss.code !== 'custom' ? 'validation.required' : undefined) })

function pathOf(issue: Issue): string {
  return issue.path.map(String).join('.') || '(body)'
}

/** One zod issue -> one field error with a message key; custom messages that are keys pass through. */
export function toFieldError(issue: Issue): FieldError {
  const path = pathOf(issue)
  if (isMessageKey(issue.message)) return { path, message: issue.message }
  switch (issue.code) {
    case 'invalid_type':
      if (/received undefined/.test(issue.message)) return { path, message: 'validation.required' }
      if (issue.expected === 'int') return { path, message: 'validation.not_integer' }
      return { path, message: 'validation.invalid_type', params: { expected: issue.expected } }
    case 'too_small': {
      const origin = issue.origin === 'string' || issue.origin === 'array' ? issue.origin : 'number'
      return { path, message: `validation.too_small.${origin}`, params: { minimum: String(issue.minimum) } }
    }
    case 'too_big': {
      const origin = issue.origin === 'string' || issue.origin === 'array' ? issue.origin : 'number'
      return { path, message: `validation.too_big.${origin}`, params: { maximum: String(issue.maximum) } }
    }
    case 'invalid_format':
      return { path, message: 'validation.invalid_format' }
    case 'invalid_value':
      return { path, message: 'validation.invalid_value', params: { options: issue.values.map(String).join(', ') } }
    case 'unrecognized_keys':
      return { path: issue.keys.map((k) => (path === '(body)' ? k : `${path}.${k}`)).join(', '), message: 'validation.unrecognized_keys' }
    default:
      return { path, message: 'validation.invalid' }
  }
}

/** `defaultHook` for every OpenAPIHono app: a failed parse becomes one 400 naming every bad field. */
export function validationHook(result: { success: boolean; error?: { issues: Issue[] } }) {
  if (!result.success && result.error) {
    throw problems.validation(result.error.issues.map(toFieldError))
  }
}
