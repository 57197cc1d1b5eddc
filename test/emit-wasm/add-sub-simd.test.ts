/**
 * The SIMD int8 ADD and SUB (add-sub-simd.ts) against the reference
 * executor on every pair of int8 inputs: one 256×256 grid per random set
 * of scales and zero points (input scales from equal to 30× apart, output
 * scales that make each stage take its short, high-word or general form),
 * with and without an activation, plus a length that leaves a scalar tail.
 * Each case also checks that the layer takes the SIMD kernel.
 */
import test from 'ava';
import { emitWasmBundle, runWasmBundle } from '../../compiler/emit-wasm/index.js';
import { planAddSubSimd } from '../../compiler/emit-wasm/kernels/add-sub-simd.js';
import { binaryKernel } from '../../compiler/emit-wasm/kernels/binary.js';
import { ReferenceExecutor } from '../../compiler/exec/reference.js';
import type { Graph, Op } from '../../compiler/ir/index.js';
import type { BinaryPrepared } from '../../compiler/ops/binary.js';
import { OPS } from '../../compiler/ops/registry.js';
import { compareOutput } from '../helpers/compare.js';
import { q, Rng, singleOp } from './single-op-graphs.js';

const GRID = 256 * 256;

function graph(r: Rng, kind: 'add' | 'sub', length: number): Graph {
  const s1 = r.float(0.005, 0.2);
  const s2 = s1 * r.pick([1, r.float(0.03, 1), r.float(1, 30)]);
  const out = Math.max(s1, s2) * r.float(0.3, 4);
  const zp = (): number => r.int(-128, 127);
  const activation = r.pick(['none', 'relu', 'relu6'] as const);
  return singleOp(kind, { activation, potScaleInt16: false }, [
    { dtype: 'i8', shape: [length], quant: q(s1, zp()) },
    { dtype: 'i8', shape: [length], quant: q(s2, zp()) },
  ], { dtype: 'i8', quant: q(out, zp()) });
}

/** Every (a, b) pair once in the first GRID elements; the rest random. */
function gridInputs(r: Rng, length: number): [Int8Array, Int8Array] {
  const a = Int8Array.from({ length }, (_, i) => (i < GRID ? (i & 255) - 128 : r.int(-128, 127)));
  const b = Int8Array.from({ length }, (_, i) => (i < GRID ? (i >> 8) - 128 : r.int(-128, 127)));
  return [a, b];
}

for (const kind of ['add', 'sub'] as const) {
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    test(`int8 ${kind.toUpperCase()} in SIMD equals the reference on every input pair (seed ${seed})`, async (t) => {
      const r = new Rng(seed * 7 + (kind === 'add' ? 0 : 100));
      // A whole grid, then a length whose last elements take the scalar tail.
      for (const length of [GRID, GRID + 16 + r.int(1, 15)]) {
        const g = graph(r, kind, length);
        const op = g.ops[0] as Op<'add' | 'sub'>;
        const prepared = kind === 'add' ? OPS.add.prepare(op as Op<'add'>, g) : OPS.sub.prepare(op as Op<'sub'>, g);
        // The kernel the SIMD module plans, not only the planner: the layer really takes the SIMD code.
        t.not(binaryKernel.plan(op, prepared as BinaryPrepared, g, true).config.simd, undefined, 'the layer takes the SIMD kernel');
        t.is(binaryKernel.plan(op, prepared as BinaryPrepared, g, false).config.simd, undefined, 'the plain module keeps the scalar code');
        const [a, b] = gridInputs(r, length);
        const inputs = [{ dtype: 'i8' as const, shape: [length], data: a }, { dtype: 'i8' as const, shape: [length], data: b }];
        const expected = new ReferenceExecutor(g).run(inputs);
        const bundle = await emitWasmBundle(g, { name: kind });
        for (const simd of [true, false]) {
          const [got] = await runWasmBundle(bundle, inputs, { simd });
          t.is(compareOutput(got!, expected[0]!), undefined, `${simd ? 'SIMD' : 'plain'}, ${length} elements`);
        }
      }
    });
  }
}

test('the stages take more than one requantization form over these seeds', (t) => {
  const forms = new Set<string>();
  for (let seed = 1; seed <= 6; seed++) {
    const r = new Rng(seed * 7);
    const g = graph(r, 'add', GRID);
    const plan = planAddSubSimd(OPS.add.prepare(g.ops[0] as Op<'add'>, g) as BinaryPrepared);
    for (const s of plan?.config.stages ?? []) forms.add(s.high ? 'high' : s.short ? 'short' : 'general');
  }
  t.log([...forms].join(', '));
  t.true(forms.size >= 2, [...forms].join(', '));
});
