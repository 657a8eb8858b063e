/**
 * The blur kernel (../shared/bench/src/blur.c) written by hand in exact JavaScript, as a
 * reference for what a careful human gets on this engine (see xxhash64.ts). It computes the
 * same checksum as the kernel (the test checks it) and is written the way a person would:
 * Float32Arrays indexed directly (no trap checks, no byte addresses), the vertical clamps
 * hoisted out of the inner loop.
 *
 * What it cannot avoid is the cost that matters: JavaScript has no float32 arithmetic, so each
 * f32 add and multiply is a double operation followed by Math.fround, and the rounding is
 * required for every one (a sum of products rounded once differs from the f32 sequence).
 */

const W = 1024;
const H = 1024;
const fr = Math.fround;
const K0 = fr(0.0702702703), K1 = fr(0.1316216216), K2 = fr(0.1941441441), K3 = fr(0.2079279279);
const SCALE = fr(1.0001);

function blurPass(img: Float32Array, tmp: Float32Array): void {
  for (let y = 0; y < H; y++) {
    const row = y * W;
    for (let x = 0; x < W; x++) {
      // xx = x + k clamped to [0, W - 1], k = -3..3; s += K[k + 3] * row[xx] in that order.
      const a = x < 3 ? 0 : x - 3, b = x < 2 ? 0 : x - 2, c = x < 1 ? 0 : x - 1;
      const d = x > W - 2 ? W - 1 : x + 1, e = x > W - 3 ? W - 1 : x + 2, f = x > W - 4 ? W - 1 : x + 3;
      let s = fr(0 + fr(K0 * img[row + a]!));
      s = fr(s + fr(K1 * img[row + b]!));
      s = fr(s + fr(K2 * img[row + c]!));
      s = fr(s + fr(K3 * img[row + x]!));
      s = fr(s + fr(K2 * img[row + d]!));
      s = fr(s + fr(K1 * img[row + e]!));
      tmp[row + x] = fr(s + fr(K0 * img[row + f]!));
    }
  }
  for (let y = 0; y < H; y++) {
    const row = y * W;
    const a = (y < 3 ? 0 : y - 3) * W, b = (y < 2 ? 0 : y - 2) * W, c = (y < 1 ? 0 : y - 1) * W;
    const d = (y > H - 2 ? H - 1 : y + 1) * W, e = (y > H - 3 ? H - 1 : y + 2) * W, f = (y > H - 4 ? H - 1 : y + 3) * W;
    for (let x = 0; x < W; x++) {
      let s = fr(0 + fr(K0 * tmp[a + x]!));
      s = fr(s + fr(K1 * tmp[b + x]!));
      s = fr(s + fr(K2 * tmp[c + x]!));
      s = fr(s + fr(K3 * tmp[row + x]!));
      s = fr(s + fr(K2 * tmp[d + x]!));
      s = fr(s + fr(K1 * tmp[e + x]!));
      s = fr(s + fr(K0 * tmp[f + x]!));
      img[row + x] = fr(s * SCALE);
    }
  }
}

const FNV_INIT = 2166136261 | 0;
const mix32 = (h: number, v: number): number => Math.imul(h ^ v, 16777619);

/** The kernel's `run(n)`: self-check, n passes over a pseudo-random image, then an 8-bit hash. */
export function run(n: number): number {
  const img = new Float32Array(W * H);
  const tmp = new Float32Array(W * H);
  img.fill(100);
  blurPass(img, tmp);
  const dev = fr(img[W * 500 + 3]! - fr(100.01));
  if (dev > fr(0.01) || dev < fr(-0.01)) return 0xbad00001 | 0;
  let s = 4242;
  for (let i = 0; i < W * H; i++) {
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    img[i] = (s >>> 0) & 255;
  }
  for (let p = 0; p < n; p++) blurPass(img, tmp);
  const out8 = new Uint8Array(W * H);
  for (let i = 0; i < W * H; i++) {
    const v = fr(fr(img[i]! * 2.5) - 60);
    out8[i] = v < 0 ? 0 : v > 255 ? 255 : v | 0;
  }
  let h = FNV_INIT;
  const words = new DataView(out8.buffer);
  for (let i = 0; i < W * H; i += 4) h = mix32(h, words.getInt32(i, true));
  const bits = new Int32Array(img.buffer); // the f32 bits, in the same (platform) byte order
  for (let i = 0; i < W * H; i += 1021) h = mix32(h, bits[i]!);
  return h;
}
