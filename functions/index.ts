import { app } from './app'
import type { Bindings } from './env'
import { isQuickQuote, quickQuote } from './fees/quick-quote'
import { purgeExpired } from './housekeeping/purge'

/** The Worker: the fee quote's everyday case on its quick path, everything else through the Hono app. */
export default {
  fetch(request, env, ctx) {
    if (isQuickQuote(request)) return quickQuote(request, env, (req) => app.fetch(req, env, ctx))
    return app.fetch(request, env, ctx)
  },
  /** Daily (wrangler.toml [triggers]): rows past their use are deleted; the counts go to the log. */
  async scheduled(controller, env) {
    const purged = await purgeExpired(env.DB, new Date(controller.scheduledTime))
    console.log(JSON.stringify({ level: 'info', msg: 'purge', cron: controller.cron, ...purged }))
  },
} satisfies ExportedHandler<Bindings>
