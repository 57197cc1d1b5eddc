/**
 * The requantization forms of the target kernels against TFLite's
 * `MultiplyByQuantizedMultiplier` (the reference), on edge values: the
 * SMMLAR form within the bounds `dspRequantConstants` accepts, and the
 * VQRDMULH / fix-up / rounding-shift vector form for every shift, including
 * exact ties (where VQRDMULH's and RDBP's roundings differ without the
 * fix-up), saturation at INT32_MIN and left shifts that wrap.
 */
import test from 'ava';
import { dspRequantConstants, dspRequantModel, referenceRequant, vectorRequantModel } from '../../compiler/emit-c/kernels/simd/requant.js';

const MULTIPLIERS = [0x40000000, 0x40000001, 0x5a827999, 0x7fffffff, 1 << 30 | 12345, 1518500250, 2147483647 - 1];

/** Accumulators around zero, ties for each shift, the int32 extremes and random values. */
function accumulators(bound: number): number[] {
  const xs = new Set<number>([0, 1, -1, 2, -2, bound - 1, -(bound - 1)]);
  for (let n = 0; n < 31; n++) for (const d of [-1, 0, 1]) for (const s of [1, -1]) {
    const v = s * 2 ** n + d;
    if (Math.abs(v) < bound) xs.add(v);
  }
  let seed = 7;
  for (let i = 0; i < 400; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) | 0;
    xs.add(seed % bound);
  }
  return [...xs];
}

test('vector form (VQRDMULH, fix-up, VRSHL) equals the reference for every shift', (t) => {
  let checked = 0;
  for (const m of MULTIPLIERS) {
    for (let shift = -31; shift <= 8; shift++) {
      for (const x of [...accumulators(2 ** 31), -2147483648, 2147483647]) {
        const want = referenceRequant(x, m, shift);
        const got = vectorRequantModel(x, m, shift);
        if (got !== want) t.fail(`x=${x} m=${m} shift=${shift}: ${got} != ${want}`);
        checked++;
      }
    }
  }
  t.true(checked > 10000);
});

test('SMMLAR form equals the reference (with offset) wherever its constants are accepted', (t) => {
  let checked = 0;
  for (const m of MULTIPLIERS) {
    for (let n = 1; n <= 30; n++) {
      for (const offset of [-128, 0, 5, 127]) {
        const bound = 2 ** 29;
        const k = dspRequantConstants({ multipliers: [m], shifts: [-n], outputOffset: offset, actMin: -128, actMax: 127, wideAccumulator: false }, bound);
        if (k === undefined) continue;
        for (const x of accumulators(bound)) {
          const want = referenceRequant(x, m, -n) + offset;
          const got = dspRequantModel(x, k.multipliers[0]!, k.roundOffsets[0]!, n);
          if (got !== want) t.fail(`x=${x} m=${m} n=${n} offset=${offset}: ${got} != ${want}`);
          checked++;
        }
      }
    }
  }
  t.true(checked > 10000);
});

test('SMMLAR form is refused outside its proof (left shifts, large accumulators)', (t) => {
  const r = { multipliers: [0x40000000], shifts: [1], outputOffset: 0, actMin: -128, actMax: 127, wideAccumulator: false };
  t.is(dspRequantConstants(r, 1000), undefined);
  t.is(dspRequantConstants({ ...r, shifts: [-3] }, 2 ** 30), undefined);
  t.truthy(dspRequantConstants({ ...r, shifts: [-3] }, 2 ** 20));
});
