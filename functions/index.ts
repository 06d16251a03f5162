import { app } from './app'
import type { Bindings } from './env'
import { isQuickQuote, quickQuote } from './fees/quick-quote'

/** The Worker: the fee quote's everyday case on its quick path, everything else through the Hono app. */
export default {
  fetch(request, env, ctx) {
    if (isQuickQuote(request)) return quickQuote(request, env, (req) => app.fetch(req, env, ctx))
    return app.fetch(request, env, ctx)
  },
} satisfies ExportedHandler<Bindings>
