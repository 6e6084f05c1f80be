/**
 * Deterministic, dependency-free hashing. Every synthetic number in the fake comes from `unit(seed, ...parts)`,
 * so the same seed and the same inputs always produce the same bytes (no Math.random, no wall clock).
 */

/** 32-bit finaliser from MurmurHash3: good avalanche for sequential integer inputs. */
function fmix(h: number): number {
  let x = h >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** FNV-1a over UTF-16 code units; used to turn labels into numbers. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Mixes integers (and strings) into one uint32. */
export function hash(...parts: Array<number | string>): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    const v = typeof p === 'string' ? hashString(p) : p;
    // Split large integers (epoch hours, ids) so nothing above 2^32 is silently truncated.
    const lo = v >>> 0;
    const hi = Math.floor(v / 4294967296) >>> 0;
    h = fmix(h ^ lo) + 0x6b43a9b5;
    h = fmix(h ^ hi);
  }
  return h >>> 0;
}

/** Uniform in [0, 1). */
export function unit(...parts: Array<number | string>): number {
  return hash(...parts) / 4294967296;
}

/** Picks an index from weights using a uniform draw u in [0,1). */
export function pickWeighted(weights: readonly number[], u: number): number {
  let total = 0;
  for (const w of weights) total += w;
  let x = u * total;
  for (let i = 0; i < weights.length; i++) {
    x -= weights[i]!;
    if (x < 0) return i;
  }
  return weights.length - 1;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A Mux-looking opaque token of `length` alphanumerics derived from the parts. */
export function token(length: number, ...parts: Array<number | string>): string {
  let out = '';
  for (let i = 0; out.length < length; i++) {
    let h = hash(...parts, i);
    for (let j = 0; j < 5 && out.length < length; j++) {
      out += ALNUM[h % 62];
      h = Math.floor(h / 62);
    }
  }
  return out;
}

/** Seeded PRNG (mulberry32) for sequences that depend on request order (random faults). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A version-4-shaped UUID (`123e4567-e89b-42d3-a456-426614174000`) derived from the parts. */
export function uuid(...parts: Array<number | string>): string {
  const hex = [0, 1, 2, 3]
    .map((i) =>
      hash(...parts, 'uuid', i)
        .toString(16)
        .padStart(8, '0'),
    )
    .join('');
  const variant = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
