/** Deterministic random bytes and mutations for fuzzing decoders. */

/** A small seeded PRNG (xorshift32): the same seed gives the same inputs. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 0x9e3779b9;
  }
  next(): number {
    let x = this.s;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.s = x >>> 0;
    return this.s;
  }
  int(n: number): number {
    return this.next() % n;
  }
  bool(): boolean {
    return (this.next() & 1) === 1;
  }
}

export function fuzzBytes(rng: Rng, max = 256): Uint8Array {
  const out = new Uint8Array(rng.int(max + 1));
  for (let i = 0; i < out.length; i++) out[i] = rng.int(256);
  return out;
}

/** A mutated copy: flipped bytes, truncation, inflated lengths, zeroed lengths, splices. */
export function mutate(rng: Rng, input: Uint8Array): Uint8Array {
  const out = Uint8Array.from(input);
  const kind = rng.int(6);
  switch (kind) {
    case 0: // flip a few bytes
      for (let i = 0, n = 1 + rng.int(4); i < n && out.length; i++) out[rng.int(out.length)] = rng.int(256);
      return out;
    case 1: // truncate
      return out.subarray(0, rng.int(out.length + 1));
    case 2: { // a length field past the end
      if (out.length < 2) return out;
      const at = rng.int(out.length - 1) & ~1;
      out[at] = 0xff;
      out[at + 1] = 0xff;
      return out;
    }
    case 3: { // a zero length field
      if (out.length < 2) return out;
      const at = rng.int(out.length - 1) & ~3;
      out[at] = 0;
      out[at + 1] = 0;
      return out;
    }
    case 4: { // duplicate a slice
      const a = rng.int(out.length + 1);
      const b = a + rng.int(out.length - a + 1);
      const res = new Uint8Array(out.length + (b - a));
      res.set(out.subarray(0, b));
      res.set(out.subarray(a), b);
      return res;
    }
    default: // random tail
      return Uint8Array.from([...out.subarray(0, rng.int(out.length + 1)), ...fuzzBytes(rng, 32)]);
  }
}
