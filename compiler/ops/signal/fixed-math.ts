/**
 * The integer helpers of TFLite Micro's signal library, as its kernels run
 * them when built with GCC or Clang: the most significant bit, rounded
 * integer square roots of 32- and 64-bit values, and the fixed-point
 * natural log (a log2 with a 128-segment correction table, scaled by ln 2).
 * Shared by the reference kernels of compiler/ops/signal; the C and wasm
 * kernels compute the same steps.
 */

/** Bits needed for a uint32 (floor(log2 x) + 1), and 32 for 0 (the builtin count of leading zeros' result there). */
export function msb32(x: number): number {
  const u = x >>> 0;
  return u === 0 ? 32 : 32 - Math.clz32(u);
}

/** The same for a uint64; 64 for 0. */
function msb64(x: bigint): number {
  const u = BigInt.asUintN(64, x);
  if (u === 0n) return 64;
  const hi = Number(u >> 32n);
  return hi !== 0 ? 64 - Math.clz32(hi) : 32 - Math.clz32(Number(u));
}

/**
 * Square root of a uint32 rounded to the nearest integer, digit by digit
 * (a bit pair per step from the leading one), plus one when the remainder
 * is above the root — capped at 0xFFFF, the uint16 result.
 */
export function sqrt32(value: number): number {
  let rem = value >>> 0;
  if (rem === 0) return 0;
  let root = 0;
  const lead = (32 - msb32(rem)) | 1;
  let bit = 2 ** (31 - lead);
  for (let steps = ((31 - lead) >> 1) + 1; steps > 0; steps--) {
    const trial = root + bit;
    if (rem >= trial) {
      rem -= trial;
      root = Math.floor(root / 2) + bit;
    } else {
      root = Math.floor(root / 2);
    }
    bit = Math.floor(bit / 4);
  }
  if (rem > root && root !== 0xffff) root += 1;
  return root & 0xffff;
}

/** Square root of a uint64, rounded the same way (a uint32 result); values below 2^32 take `sqrt32`. */
export function sqrt64(value: bigint): number {
  let rem = BigInt.asUintN(64, value);
  if (rem >> 32n === 0n) return sqrt32(Number(rem));
  let root = 0n;
  const lead = (64 - msb64(rem)) | 1;
  let bit = 1n << BigInt(63 - lead);
  for (let steps = ((63 - lead) >> 1) + 1; steps > 0; steps--) {
    const trial = root + bit;
    if (rem >= trial) {
      rem -= trial;
      root = (root >> 1n) + bit;
    } else {
      root >>= 1n;
    }
    bit >>= 2n;
  }
  if (rem > root && root !== 0xffffffffn) root += 1n;
  return Number(BigInt.asUintN(32, root));
}

/**
 * The log's correction over the mantissa [1, 2) in Q16: 128 segments (and a
 * closing entry) added to the linear mantissa to approximate log2.
 */
export const LOG_CORRECTION = [
  0, 224, 442, 654, 861, 1063, 1259, 1450, 1636, 1817, 1992, 2163,
  2329, 2490, 2646, 2797, 2944, 3087, 3224, 3358, 3487, 3611, 3732, 3848,
  3960, 4068, 4172, 4272, 4368, 4460, 4549, 4633, 4714, 4791, 4864, 4934,
  5001, 5063, 5123, 5178, 5231, 5280, 5326, 5368, 5408, 5444, 5477, 5507,
  5533, 5557, 5578, 5595, 5610, 5622, 5631, 5637, 5640, 5641, 5638, 5633,
  5626, 5615, 5602, 5586, 5568, 5547, 5524, 5498, 5470, 5439, 5406, 5370,
  5332, 5291, 5249, 5203, 5156, 5106, 5054, 5000, 4944, 4885, 4825, 4762,
  4697, 4630, 4561, 4490, 4416, 4341, 4264, 4184, 4103, 4020, 3935, 3848,
  3759, 3668, 3575, 3481, 3384, 3286, 3186, 3084, 2981, 2875, 2768, 2659,
  2549, 2437, 2323, 2207, 2090, 1971, 1851, 1729, 1605, 1480, 1353, 1224,
  1094, 963, 830, 695, 559, 421, 282, 142, 0, 0,
] as const;

/** round(ln 2 · 2^16). */
export const LN2_Q16 = 45426;

/**
 * ln(x)·outScale for a uint32 x > 1: log2(x) in Q16 (the exponent, then the
 * 16 mantissa bits below the leading one plus the interpolated correction),
 * times ln 2 rounded back to Q16, times outScale rounded from Q16 — that
 * last product wrapping to uint32 before its shift, as TFLite Micro's does.
 */
export function log32(x: number, outScale: number): number {
  const u = x >>> 0;
  const e = msb32(u) - 1;
  let f = u - 2 ** e;
  f = e < 16 ? f * 2 ** (16 - e) : Math.floor(f / 2 ** (e - 16));
  const seg = f >>> 9;
  const a = LOG_CORRECTION[seg]!;
  const b = LOG_CORRECTION[seg + 1]!;
  const log2 = e * 65536 + f + a + (((b - a) * (f - seg * 512)) >> 16);
  const ln = Math.floor((LN2_Q16 * log2 + 32768) / 65536) >>> 0;
  return ((Math.imul(outScale >>> 0, ln) + 32768) >>> 0) >>> 16;
}
