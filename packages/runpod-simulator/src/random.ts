/**
 * Deterministic randomness. Values that depend on time (telemetry) are hashes of
 * (seed, pod, channel, time bucket), so that they can be computed for any moment without state;
 * sequences (fleet generation, new ids) use a seeded PRNG.
 */

/** FNV-1a over a string, as an unsigned 32-bit integer. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Mixes integers into one unsigned 32-bit hash (murmur3-style finaliser per step). */
export function mix(...values: number[]): number {
  let h = 0x9e3779b9;
  for (const value of values) {
    let k = Math.imul(value | 0, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A deterministic number in [0, 1) for the given integers. */
export function unit(...values: number[]): number {
  return mix(...values) / 0x1_0000_0000;
}

/**
 * Smooth noise in [0, 1): linear interpolation between hashed values at multiples of `period`,
 * so that a signal drifts instead of jumping every second.
 */
export function smoothNoise(key: number, channel: number, time: number, period: number): number {
  const bucket = Math.floor(time / period);
  const fraction = (time - bucket * period) / period;
  const a = unit(key, channel, bucket);
  const b = unit(key, channel, bucket + 1);
  return a + (b - a) * fraction;
}

/** mulberry32: a small, fast seeded PRNG. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = mix(seed, 0x5eed) | 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 0x1_0000_0000;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('Rng.pick on an empty list');
    return item;
  }

  /** Picks by weight: `[[value, weight], ...]`. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    const total = choices.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = this.next() * total;
    for (const [value, weight] of choices) {
      roll -= weight;
      if (roll < 0) return value;
    }
    const last = choices[choices.length - 1];
    if (last === undefined) throw new Error('Rng.weighted on an empty list');
    return last[0];
  }

  /** `length` characters from `alphabet`. */
  string(length: number, alphabet: string): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return out;
  }
}

export const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
export const HEX_ALPHABET = '0123456789abcdef';

/** A RunPod-style id: 14 lowercase alphanumerics. */
export function podStyleId(rng: Rng): string {
  return rng.string(14, ID_ALPHABET);
}
