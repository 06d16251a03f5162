// Merchant numbers (15 digits) and terminal ids (8 base-62 characters) are read from each row as
// integers below 2^53. A Map keyed by such numbers boxes each key and hashes a double on every lookup;
// this open-addressing table over typed arrays does neither. Keys are non-negative integers.

const EMPTY = -1

export class NumberIndex {
  private keys: Float64Array
  private values: Int32Array
  private count = 0

  constructor(expected = 16) {
    let size = 16
    while (size < expected * 2) size *= 2
    this.keys = new Float64Array(size).fill(EMPTY)
    this.values = new Int32Array(size)
  }

  get size(): number {
    return this.count
  }

  private slot(key: number): number {
    const hi = Math.floor(key / 4294967296)
    return (Math.imul((key >>> 0) ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b) >>> 0) & (this.keys.length - 1)
  }

  /** The value of `key`, or -1. */
  get(key: number): number {
    const mask = this.keys.length - 1
    for (let s = this.slot(key); ; s = (s + 1) & mask) {
      const k = this.keys[s]!
      if (k === key) return this.values[s]!
      if (k === EMPTY) return -1
    }
  }

  set(key: number, value: number): void {
    if ((this.count + 1) * 2 > this.keys.length) this.grow()
    const mask = this.keys.length - 1
    for (let s = this.slot(key); ; s = (s + 1) & mask) {
      const k = this.keys[s]!
      if (k === key) { this.values[s] = value; return }
      if (k === EMPTY) { this.keys[s] = key; this.values[s] = value; this.count += 1; return }
    }
  }

  private grow(): void {
    const keys = this.keys, values = this.values
    this.keys = new Float64Array(keys.length * 2).fill(EMPTY)
    this.values = new Int32Array(keys.length * 2)
    this.count = 0
    for (let i = 0; i < keys.length; i++) if (keys[i] !== EMPTY) this.set(keys[i]!, values[i]!)
  }
}
