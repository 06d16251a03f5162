// 404 vs 405: Hono answers "not found" for a known path with the wrong method; we look the path up
// among the registered routes to say which methods it does accept.

function patternToRegExp(path: string): RegExp {
  let re = ''
  for (const part of path.split('/').filter(Boolean)) {
    if (part === '*') { re += '(?:/.*)?'; continue }
    const param = /^:(\w+)(?:\{(.+)\})?$/.exec(part)
    re += '/' + (param ? `(?:${param[2] ?? '[^/]+'})` : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  }
  return new RegExp(`^${re || '/'}/?$`)
}

export interface RouteInfo { method: string; path: string }

export function methodsAllowed(routes: RouteInfo[], path: string): string[] {
  const allowed = new Set<string>()
  for (const r of routes) {
    if (r.method === 'ALL') continue // middleware
    if (patternToRegExp(r.path).test(path)) allowed.add(r.method)
  }
  if (allowed.has('GET')) allowed.add('HEAD')
  return [...allowed].sort()
}
