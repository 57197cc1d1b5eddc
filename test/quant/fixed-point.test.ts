/**
 * The fixed-point helpers against straightforward BigInt definitions of
 * gemmlowp's arithmetic, on random and edge-case operands.
 */
import test from 'ava';
import {
  frexp, multiplyByQuantizedMultiplier, multiplyByQuantizedMultiplier64, quantizeMultiplier,
  roundingDivideByPOT, saturatingRoundingDoublingHighMul,
} from '../../compiler/quant/fixed-point.js';

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

function xorshift(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s | 0;
  };
}

/** gemmlowp's definition, in BigInt: (a·b + nudge) / 2^31 truncated, saturating the one overflow. */
function srdhmBig(a: number, b: number): number {
  if (a === INT32_MIN && b === INT32_MIN) return INT32_MAX;
  const ab = BigInt(a) * BigInt(b);
  const nudge = ab >= 0n ? 1n << 30n : 1n - (1n << 30n);
  return Number((ab + nudge) / (1n << 31n));
}

/** Round-half-away-from-zero division by 2^e, in BigInt: sign · ⌊(|x| + 2^(e-1)) / 2^e⌋. */
function rdbpBig(x: number, e: number): number {
  if (e === 0) return x;
  const bx = BigInt(x);
  const mag = ((bx < 0n ? -bx : bx) + (1n << BigInt(e - 1))) >> BigInt(e);
  return Number(bx < 0n ? -mag : mag);
}

test('SaturatingRoundingDoublingHighMul equals the 64-bit definition', (t) => {
  const next = xorshift(0x2545f491);
  const edges = [0, 1, -1, INT32_MAX, INT32_MIN, 1 << 30, -(1 << 30), 12345, -98765];
  for (const a of edges) for (const b of edges) t.is(saturatingRoundingDoublingHighMul(a, b), srdhmBig(a, b), `${a}·${b}`);
  for (let i = 0; i < 20000; i++) {
    const a = next();
    const b = i % 2 ? next() : next() >> (i % 31);
    const got = saturatingRoundingDoublingHighMul(a, b);
    if (got !== srdhmBig(a, b)) t.fail(`${a}·${b}: ${got} != ${srdhmBig(a, b)}`);
  }
  t.pass();
});

test('RoundingDivideByPOT rounds half away from zero', (t) => {
  t.is(roundingDivideByPOT(5, 1), 3);
  t.is(roundingDivideByPOT(-5, 1), -3);
  t.is(roundingDivideByPOT(4, 1), 2);
  t.is(roundingDivideByPOT(-6, 2), -2);
  t.is(roundingDivideByPOT(-7, 2), -2);
  const next = xorshift(0x9e3779b9);
  for (let i = 0; i < 20000; i++) {
    const x = next();
    const e = (i % 31) + 1;
    if (roundingDivideByPOT(x, e) !== rdbpBig(x, e)) t.fail(`${x} >> ${e}`);
  }
  t.pass();
});

test('QuantizeMultiplier represents the real multiplier to 31 bits', (t) => {
  const next = xorshift(7);
  for (let i = 0; i < 5000; i++) {
    const real = Math.abs(next()) / 2 ** (20 + (i % 30));
    if (real === 0) continue;
    const { multiplier, shift } = quantizeMultiplier(real);
    t.true(multiplier >= 2 ** 30 && multiplier < 2 ** 31, `multiplier ${multiplier}`);
    const back = (multiplier / 2 ** 31) * 2 ** shift;
    if (Math.abs(back - real) > real * 2 ** -30) t.fail(`${real} -> ${back}`);
  }
  t.deepEqual(quantizeMultiplier(0), { multiplier: 0, shift: 0 });
  t.deepEqual(quantizeMultiplier(1), { multiplier: 2 ** 30, shift: 1 });
  t.deepEqual(quantizeMultiplier(0.5), { multiplier: 2 ** 30, shift: 0 });
  // Rounding up to 2^31 renormalises: the mantissa just below 1 becomes 2^30 · 2^(e+1).
  t.deepEqual(quantizeMultiplier(1 - 2 ** -40), { multiplier: 2 ** 30, shift: 1 });
  t.deepEqual(quantizeMultiplier(2 ** -40), { multiplier: 0, shift: 0 });
});

test('frexp splits into a mantissa in [0.5, 1)', (t) => {
  for (const x of [1, 0.75, 3, 1e-9, 123456.789, 2 ** -30, 0.5 - 2 ** -54]) {
    const { mantissa, exponent } = frexp(x);
    t.true(mantissa >= 0.5 && mantissa < 1);
    t.is(mantissa * 2 ** exponent, x);
  }
});

test('MultiplyByQuantizedMultiplier matches its composition for left and right shifts', (t) => {
  const next = xorshift(99);
  for (let i = 0; i < 10000; i++) {
    const x = next() >> 8;
    const m = (Math.abs(next()) | (1 << 30)) & INT32_MAX;
    const shift = (i % 20) - 12;
    const left = shift > 0 ? shift : 0;
    const expected = rdbpBig(srdhmBig(Number(BigInt.asIntN(32, BigInt(x) << BigInt(left))), m), shift > 0 ? 0 : -shift);
    if (multiplyByQuantizedMultiplier(x, m, shift) !== expected) t.fail(`${x} ${m} ${shift}`);
  }
  t.pass();
});

test('the int64 MultiplyByQuantizedMultiplier rounds once with a Q15 multiplier', (t) => {
  const next = xorshift(1234);
  for (let i = 0; i < 10000; i++) {
    const x = next() * 2 ** (i % 16);
    const m = (Math.abs(next()) | (1 << 30)) & INT32_MAX;
    const shift = -(i % 31);
    const reduced = m < 0x7fff0000 ? (m + (1 << 15)) >> 16 : 0x7fff;
    const total = BigInt(15 - shift);
    const expected = Number((BigInt(x) * BigInt(reduced) + (1n << (total - 1n))) >> total);
    if (multiplyByQuantizedMultiplier64(x, m, shift) !== expected) t.fail(`${x} ${m} ${shift}`);
  }
  t.pass();
});
