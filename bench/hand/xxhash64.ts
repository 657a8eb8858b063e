/**
 * The xxhash64 kernel (../shared/bench/src/xxhash64.c) written by hand in exact JavaScript, as
 * a reference for what a careful human gets on this engine (run.ts compares it with native and
 * with wasm2ts). It computes the same checksum as the kernel (the test checks it) and has every
 * advantage a person has over a compiler: no trap checks beyond the DataView's own, the hot loop
 * inlined with its constants folded, the rarely run parts in helper functions.
 *
 * 64-bit values are pairs of int32 (lo, hi). BigInt with BigInt.asUintN(64, ...) measured the
 * same speed on this loop (its loop-carried values are boxed on every iteration), so pairs it is.
 * Helpers return the low word and leave the high word in `hi`.
 */

const TWO_POW_MINUS_32 = 2 ** -32;
let hi = 0;

/**
 * The low word of a 64x64-bit product, high word in `hi`. The high word of the 32x32 unsigned
 * product comes from one double product corrected by the exact low word: the double is within
 * 2^11 of the true product, so (product - low) / 2^32 rounds to the exact high word.
 */
function mul(al: number, ah: number, bl: number, bh: number): number {
  const lo = Math.imul(al, bl);
  hi = ((((al >>> 0) * (bl >>> 0) - (lo >>> 0)) * TWO_POW_MINUS_32 + 0.5) | 0) + Math.imul(al, bh) + Math.imul(ah, bl) | 0;
  return lo;
}
function add(al: number, ah: number, bl: number, bh: number): number {
  const lo = (al + bl) | 0;
  hi = (ah + bh + +(lo >>> 0 < al >>> 0)) | 0;
  return lo;
}
function sub(al: number, ah: number, bl: number, bh: number): number {
  hi = (ah - bh - +(al >>> 0 < bl >>> 0)) | 0;
  return (al - bl) | 0;
}
/** Rotate left by 0 < r < 32. */
function rotl(l: number, h: number, r: number): number {
  hi = (h << r) | (l >>> (32 - r));
  return (l << r) | (h >>> (32 - r));
}
/** Logical shift right by 32 <= r < 64. */
function shrHigh(h: number, r: number): number {
  hi = 0;
  return h >>> (r - 32);
}
/** Logical shift right by 0 < r < 32. */
function shrLow(l: number, h: number, r: number): number {
  hi = h >>> r;
  return (l >>> r) | (h << (32 - r));
}

// The primes, as (lo, hi) int32 pairs.
const P1L = 0x85ebca87 | 0, P1H = 0x9e3779b1 | 0;
const P2L = 0x27d4eb4f | 0, P2H = 0xc2b2ae3d | 0;
const P3L = 0x9e3779f9 | 0, P3H = 0x165667b1 | 0;
const P4L = 0xc2b2ae63 | 0, P4H = 0x85ebca77 | 0;
const P5L = 0x165667c5 | 0, P5H = 0x27d4eb2f | 0;

/** round64(0, v) of the C source: rotl(v * P2, 31) * P1. */
function roundZero(vl: number, vh: number): number {
  let l = mul(vl, vh, P2L, P2H);
  l = rotl(l, hi, 31);
  return mul(l, hi, P1L, P1H);
}
/** merge64(acc, v): (acc ^ round64(0, v)) * P1 + P4. */
function merge(al: number, ah: number, vl: number, vh: number): number {
  const rl = roundZero(vl, vh);
  const l = mul(al ^ rl, ah ^ hi, P1L, P1H);
  return add(l, hi, P4L, P4H);
}

/** XXH64 of `len` bytes at `p` with a 64-bit seed; the hash's low word, its high word in `hi`. */
function xxh64(dv: DataView, p: number, len: number, seedL: number, seedH: number): number {
  const end = p + len;
  let hl: number, hh: number;
  if (len >= 32) {
    const limit = end - 32;
    let v1 = add(seedL, seedH, P1L, P1H);
    v1 = add(v1, hi, P2L, P2H);
    let v1h = hi;
    let v2 = add(seedL, seedH, P2L, P2H), v2h = hi;
    let v3 = seedL, v3h = seedH;
    let v4 = sub(seedL, seedH, P1L, P1H), v4h = hi;
    const S = TWO_POW_MINUS_32;
    do {
      // Four lanes of acc = rotl(acc + in * P2, 31) * P1, inlined.
      let x = dv.getInt32(p, true), xh = dv.getInt32(p + 4, true);
      let m = Math.imul(x, 668265295);
      let mh = ((((x >>> 0) * 668265295 - (m >>> 0)) * S + 0.5) | 0) + Math.imul(x, -1028477379) + Math.imul(xh, 668265295) | 0;
      let t = (m + v1) | 0, th = (mh + v1h + +(t >>> 0 < m >>> 0)) | 0;
      let r = (t << 31) | (th >>> 1), rh = (th << 31) | (t >>> 1);
      v1 = Math.imul(r, -2048144761);
      v1h = ((((r >>> 0) * 2246822535 - (v1 >>> 0)) * S + 0.5) | 0) + Math.imul(r, -1640531535) + Math.imul(rh, -2048144761) | 0;

      x = dv.getInt32(p + 8, true); xh = dv.getInt32(p + 12, true);
      m = Math.imul(x, 668265295);
      mh = ((((x >>> 0) * 668265295 - (m >>> 0)) * S + 0.5) | 0) + Math.imul(x, -1028477379) + Math.imul(xh, 668265295) | 0;
      t = (m + v2) | 0; th = (mh + v2h + +(t >>> 0 < m >>> 0)) | 0;
      r = (t << 31) | (th >>> 1); rh = (th << 31) | (t >>> 1);
      v2 = Math.imul(r, -2048144761);
      v2h = ((((r >>> 0) * 2246822535 - (v2 >>> 0)) * S + 0.5) | 0) + Math.imul(r, -1640531535) + Math.imul(rh, -2048144761) | 0;

      x = dv.getInt32(p + 16, true); xh = dv.getInt32(p + 20, true);
      m = Math.imul(x, 668265295);
      mh = ((((x >>> 0) * 668265295 - (m >>> 0)) * S + 0.5) | 0) + Math.imul(x, -1028477379) + Math.imul(xh, 668265295) | 0;
      t = (m + v3) | 0; th = (mh + v3h + +(t >>> 0 < m >>> 0)) | 0;
      r = (t << 31) | (th >>> 1); rh = (th << 31) | (t >>> 1);
      v3 = Math.imul(r, -2048144761);
      v3h = ((((r >>> 0) * 2246822535 - (v3 >>> 0)) * S + 0.5) | 0) + Math.imul(r, -1640531535) + Math.imul(rh, -2048144761) | 0;

      x = dv.getInt32(p + 24, true); xh = dv.getInt32(p + 28, true);
      m = Math.imul(x, 668265295);
      mh = ((((x >>> 0) * 668265295 - (m >>> 0)) * S + 0.5) | 0) + Math.imul(x, -1028477379) + Math.imul(xh, 668265295) | 0;
      t = (m + v4) | 0; th = (mh + v4h + +(t >>> 0 < m >>> 0)) | 0;
      r = (t << 31) | (th >>> 1); rh = (th << 31) | (t >>> 1);
      v4 = Math.imul(r, -2048144761);
      v4h = ((((r >>> 0) * 2246822535 - (v4 >>> 0)) * S + 0.5) | 0) + Math.imul(r, -1640531535) + Math.imul(rh, -2048144761) | 0;
      p += 32;
    } while (p <= limit);
    // h = rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18), then merge each lane.
    hl = rotl(v1, v1h, 1); hh = hi;
    let l = rotl(v2, v2h, 7);
    hl = add(hl, hh, l, hi); hh = hi;
    l = rotl(v3, v3h, 12);
    hl = add(hl, hh, l, hi); hh = hi;
    l = rotl(v4, v4h, 18);
    hl = add(hl, hh, l, hi); hh = hi;
    hl = merge(hl, hh, v1, v1h); hh = hi;
    hl = merge(hl, hh, v2, v2h); hh = hi;
    hl = merge(hl, hh, v3, v3h); hh = hi;
    hl = merge(hl, hh, v4, v4h); hh = hi;
  } else {
    hl = add(seedL, seedH, P5L, P5H); hh = hi;
  }
  hl = add(hl, hh, len, 0); hh = hi;
  while (p + 8 <= end) {
    const k = roundZero(dv.getInt32(p, true), dv.getInt32(p + 4, true));
    let l = rotl(hl ^ k, hh ^ hi, 27);
    l = mul(l, hi, P1L, P1H);
    hl = add(l, hi, P4L, P4H); hh = hi;
    p += 8;
  }
  if (p + 4 <= end) {
    const k = mul(dv.getInt32(p, true), 0, P1L, P1H);
    let l = rotl(hl ^ k, hh ^ hi, 23);
    l = mul(l, hi, P2L, P2H);
    hl = add(l, hi, P3L, P3H); hh = hi;
    p += 4;
  }
  while (p < end) {
    const k = mul(dv.getUint8(p), 0, P5L, P5H);
    const l = rotl(hl ^ k, hh ^ hi, 11);
    hl = mul(l, hi, P1L, P1H); hh = hi;
    p++;
  }
  // Avalanche: h ^= h >> 33; h *= P2; h ^= h >> 29; h *= P3; h ^= h >> 32.
  hl ^= shrHigh(hh, 33);
  hl = mul(hl, hh, P2L, P2H); hh = hi;
  let s = shrLow(hl, hh, 29);
  hl ^= s; hh ^= hi;
  hl = mul(hl, hh, P3L, P3H); hh = hi;
  s = shrHigh(hh, 32);
  hl ^= s;
  hi = hh;
  return hl;
}

const BUF_SIZE = 1 << 20;
const FNV_INIT = 2166136261 | 0;
const mix32 = (h: number, v: number): number => Math.imul(h ^ v, 16777619);

/** The kernel's `run(n)`: fills the buffer with a 64-bit LCG, then chains n hashes. */
export function run(n: number): number {
  const dv = new DataView(new ArrayBuffer(BUF_SIZE));
  // s = s * 6364136223846793005 + 1442695040888963407, from 0x0123456789ABCDEF.
  let sl = 0x89abcdef | 0, sh = 0x01234567;
  for (let i = 0; i < BUF_SIZE; i += 8) {
    sl = mul(sl, sh, 0x4c957f2d, 0x5851f42d); sh = hi;
    sl = add(sl, sh, 0xf767814f | 0, 0x14057b7e); sh = hi;
    dv.setInt32(i, sl, true);
    dv.setInt32(i + 4, sh, true);
  }
  let hl = 0, hh = 0;
  let c = FNV_INIT;
  for (let r = 0; r < n; r++) {
    hl = xxh64(dv, r & 7, BUF_SIZE - 8 - (r & 15), hl, hh); hh = hi;
    c = mix32(mix32(c, hl), hh);
  }
  return c;
}
