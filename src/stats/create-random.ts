/**
 * A seeded uniform generator on [0, 1): sfc32, C. Doty-Humphrey's "small fast counting" generator
 * from PractRand. 128 bits of state in 32-bit integer arithmetic, so a seed gives the same stream
 * on every platform. `stream` separates independent streams under one seed.
 */
export function createRandom(seed: number, stream = 0): () => number {
  let a = 0x9e3779b9 ^ stream;
  let b = 0x243f6a88 ^ (seed >>> 0);
  let c = 0xb7e15162 ^ Math.floor(seed / 2 ** 32);
  let d = 1;
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 15; i++) next();
  return next;
}
