/**
 * The WebAssembly math rows that wasm has no instruction for — sin, cos,
 * tan, the inverse and hyperbolic functions and erf — over their whole
 * float32 domain against the reference (JavaScript's double functions
 * rounded to float32, erf from compiler/ops/common/erf.ts): magnitudes
 * from 2^-30 to 2^127 for sin, cos and tan (the large ones through the
 * exact reduction by 2/π), [-1, 1] and beyond for asin/acos/atanh, wide
 * ranges for the rest. Within the float tolerance, and NaN where the
 * reference gives NaN.
 */
import test from 'ava';
import { emitWasmBundle, runWasmBundle } from '../../compiler/emit-wasm/index.js';
import { ReferenceExecutor } from '../../compiler/exec/reference.js';
import type { OpKind } from '../../compiler/ir/index.js';
import { FLOAT_ATOL, FLOAT_RTOL } from '../helpers/compare.js';
import { Rng, singleOp } from './single-op-graphs.js';

const COUNT = 4096;

/** Values of both signs with log-uniform magnitudes 2^lo … 2^hi, plus a few exact ones. */
function logUniform(r: Rng, lo: number, hi: number, extra: number[]): Float32Array {
  const out = new Float32Array(COUNT);
  out.set(extra);
  for (let i = extra.length; i < COUNT; i++) out[i] = (r.int(0, 1) ? -1 : 1) * 2 ** r.float(lo, hi);
  return out;
}

const CASES: Array<[OpKind, number, number, number[]]> = [
  ['sin', -30, 127, [0, -0, 1, Math.PI, 524288, 3.4e38, -3.4e38, 1e-45]],
  ['cos', -30, 127, [0, 1, Math.PI / 2, 524287.5, 3.4e38, 1e30]],
  ['tan', -30, 127, [0, 1, 1.5707963, 1e10, 3.4e38]],
  ['atan', -30, 127, [0, 1, -1, 0.41421356, 1e30, Infinity, -Infinity]],
  ['asin', -30, 0.5, [0, 1, -1, 0.5, 0.999999, 1.0000001]],
  ['acos', -30, 0.5, [0, 1, -1, 0.5, 0.999999, -0.999999]],
  ['sinh', -30, 7, [0, 1e-5, 20, 21, 88, 89, -100]],
  ['cosh', -30, 7, [0, 1, 20, 88, 89, -100]],
  ['asinh', -30, 127, [0, 1e-5, 1e-4, 1, 1e30, -3.4e38]],
  ['acosh', 0, 127, [1, 1.0000001, 2, 1e30, 0.5]],
  ['atanh', -30, 0.5, [0, 1e-5, 1e-4, 0.5, 0.9999999, 1, -1, 1.5]],
  ['erf', -30, 3, [0, 0.5, 1, 2, 2.4999, 2.5, 3, 5.9, 6, 10, -1, -2.5, Infinity, -Infinity]],
];

for (const [kind, lo, hi, extra] of CASES) {
  test(`wasm ${kind} matches the reference over its float32 domain`, async (t) => {
    const r = new Rng(kind.length * 977 + kind.charCodeAt(0));
    const g = singleOp(kind, {} as never, [{ dtype: 'f32', shape: [COUNT] }], { dtype: 'f32' });
    const x = logUniform(r, lo, hi, extra);
    const expected = new ReferenceExecutor(g).run([{ dtype: 'f32', shape: [COUNT], data: x }])[0] as Float32Array;
    const [got] = await runWasmBundle(await emitWasmBundle(g, { name: kind }), [{ dtype: 'f32', shape: [COUNT], data: x }], { simd: true });
    const bad: string[] = [];
    expected.forEach((e, i) => {
      const a = (got as Float32Array)[i]!;
      const ok = Object.is(a, e) || (Number.isNaN(a) && Number.isNaN(e)) || Math.abs(a - e) <= FLOAT_ATOL + FLOAT_RTOL * Math.abs(e);
      if (!ok && bad.length < 5) bad.push(`${kind}(${x[i]}) = ${a}, reference ${e}`);
    });
    t.deepEqual(bad, []);
  });
}
