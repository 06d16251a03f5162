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

// Routes are fixed once the app is built, so each pattern is compiled once per isolate.
const compiled = new Map<string, RegExp>()

export function methodsAllowed(routes: RouteInfo[], path: string): string[] {
  const allowed = new Set<string>()
  for (const r of routes) {
    if (r.method === 'ALL') continue // middleware
    let re = compiled.get(r.path)
    if (!re) compiled.set(r.path, (re = patternToRegExp(r.path)))
    if (re.test(path)) allowed.add(r.method)
  }
  if (allowed.has('GET')) allowed.add('HEAD')
  return [...allowed].sort()
}
