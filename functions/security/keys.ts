import type { Bindings } from '../env'
import type { DataKey } from './sealed'

/** The key new data is sealed with. */
export function currentDataKey(env: Bindings): DataKey {
  return { id: env.DATA_KEY_ID || 'k1', keyB64: env.DATA_KEY }
}

/** Every key that may open stored data (add retired keys here when rotating). */
export function dataKeys(env: Bindings): Record<string, string> {
  return { [env.DATA_KEY_ID || 'k1']: env.DATA_KEY }
}
