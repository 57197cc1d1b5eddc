/**
 * Property tests for packed int4 and int2 weights in the WebAssembly
 * kernels: conv2d (windows, 1x1, strided), depthwise_conv2d (channel counts
 * the SIMD path takes and ones it leaves to the portable kernel) and
 * fully_connected (per-channel and per-tensor), each with weights drawn over
 * the whole int4/int2 range and stored packed, SIMD and plain, equal to the
 * reference byte for byte. The weights stay packed in the data segment: the
 * SIMD module's constants are checked to be smaller than int8 weights would
 * need.
 */
import test from 'ava';
import { emitWasmModules } from '../../compiler/emit-wasm/emit.js';
import { emitWasmBundle, runWasmBundle } from '../../compiler/emit-wasm/index.js';
import { ReferenceExecutor } from '../../compiler/exec/reference.js';
import type { FusedActivation, Graph, QuantParams } from '../../compiler/ir/index.js';
import { packSubByte } from '../../compiler/quant/packing.js';
import { compareOutput } from '../helpers/compare.js';
import { q, randomData, randomInputs, Rng, singleOp, type TensorSpec } from './single-op-graphs.js';

const SEEDS = [3, 4, 5];
const RANGE = { i4: [-8, 7], i2: [-2, 1] } as const;
type Sub = keyof typeof RANGE;
type Case = (r: Rng) => Graph;

const act = (r: Rng): FusedActivation => r.pick(['none', 'relu', 'relu6'] as const);
const pads = (r: Rng) => ({ top: r.int(0, 1), left: r.int(0, 1), bottom: r.int(0, 1), right: r.int(0, 1) });
const perChannel = (scales: number[], axis: number): QuantParams => ({ scale: scales, zeroPoint: scales.map(() => 0), axis });

/** Packed weights over the type's whole range, with per-channel scales along `axis`. */
function packedWeights(r: Rng, sub: Sub, shape: number[], axis: number, channels: number): TensorSpec {
  const count = shape.reduce((a, b) => a * b, 1);
  const [lo, hi] = RANGE[sub];
  const values = Array.from({ length: count }, () => r.int(lo, hi));
  return { dtype: sub, shape, data: packSubByte(values, sub), quant: perChannel(Array.from({ length: channels }, () => Math.fround(r.float(0.01, 0.08))), axis) };
}

/** Input, packed filter, bias for an int8 conv-like op. */
function operands(r: Rng, sub: Sub, inShape: number[], filterShape: number[], axis: number, channels: number): TensorSpec[] {
  const inQ = q(Math.fround(r.float(0.01, 0.1)), r.int(-20, 20));
  const w = packedWeights(r, sub, filterShape, axis, channels);
  return [
    { dtype: 'i8', shape: inShape, quant: inQ },
    w,
    { dtype: 'i32', shape: [channels], data: randomData(r, 'i32', channels, [-3000, 3000]), quant: perChannel(w.quant!.scale.map((s) => Math.fround(s * inQ.scale[0]!)), 0) },
  ];
}

const outQ = (r: Rng) => ({ dtype: 'i8' as const, quant: q(Math.fround(r.float(0.05, 0.3)), r.int(-10, 10)) });

function conv(sub: Sub, pointwise: boolean, channels: [number, number] = [1, 13]): Case {
  return (r) => {
    const [inC, outC] = [r.int(1, 20), r.int(...channels)];
    const k = pointwise ? 1 : r.pick([2, 3]);
    const ops = operands(r, sub, [1, r.int(3, 8), r.int(3, 8), inC], [outC, k, k, inC], 0, outC);
    const attrs = { pads: pointwise ? { top: 0, left: 0, bottom: 0, right: 0 } : pads(r), strideH: r.int(1, 2), strideW: r.int(1, 2), dilationH: 1, dilationW: 1, activation: act(r) };
    return singleOp('conv2d', attrs, ops, outQ(r));
  };
}

function depthwise(sub: Sub, channels: () => number): Case {
  return (r) => {
    const inC = channels();
    const dm = r.pick([1, 1, 2]);
    const outC = inC * dm;
    const ops = operands(r, sub, [1, r.int(3, 8), r.int(3, 8), inC], [1, 3, 3, outC], 3, outC);
    const attrs = { pads: pads(r), strideH: r.int(1, 2), strideW: r.int(1, 2), dilationH: 1, dilationW: 1, activation: act(r), depthMultiplier: dm };
    return singleOp('depthwise_conv2d', attrs, ops, outQ(r));
  };
}

function dense(sub: Sub, perTensor: boolean): Case {
  return (r) => {
    const [depth, units] = [r.int(1, 70), r.int(1, 11)];
    const ops = operands(r, sub, [r.int(1, 3), depth], [units, depth], 0, units);
    if (perTensor) ops[1]!.quant = q(ops[1]!.quant!.scale[0]!);
    return singleOp('fully_connected', { activation: act(r), keepNumDims: false }, ops, outQ(r));
  };
}

const CASES: Record<string, Case> = {};
for (const sub of ['i4', 'i2'] as const) {
  CASES[`conv2d ${sub}`] = conv(sub, false);
  CASES[`conv2d ${sub} 1x1`] = conv(sub, true);
  CASES[`conv2d ${sub} 1x1 (17 to 40 channels)`] = conv(sub, true, [17, 40]);
  CASES[`depthwise ${sub} (8 or 16 channels)`] = (r) => depthwise(sub, () => r.pick([8, 16]))(r);
  CASES[`depthwise ${sub} (odd channels)`] = (r) => depthwise(sub, () => r.int(1, 7))(r);
  CASES[`fully connected ${sub} per-channel`] = dense(sub, false);
  CASES[`fully connected ${sub} per-tensor`] = dense(sub, true);
}

for (const [name, make] of Object.entries(CASES)) {
  test(`wasm kernels with packed weights match the reference: ${name}`, async (t) => {
    for (const seed of SEEDS) {
      const rng = new Rng(seed * 7907 + name.length * 13 + name.charCodeAt(name.length - 1));
      const g = make(rng);
      const inputs = randomInputs(rng, g);
      const expected = new ReferenceExecutor(g).run(inputs);
      const bundle = await emitWasmBundle(g, { name: 'op' });
      for (const simd of [true, false]) {
        const outs = await runWasmBundle(bundle, inputs, { simd });
        outs.forEach((o, i) => t.is(compareOutput(o, expected[i]!), undefined, `seed ${seed} ${simd ? 'SIMD' : 'plain'} (shape ${g.tensors[g.outputs[0]!]!.shape.join('x')})`));
      }
    }
  });
}

test('packed weights stay packed in both modules (constants smaller than int8 weights would be)', async (t) => {
  for (const sub of ['i4', 'i2'] as const) {
    const r = new Rng(sub === 'i4' ? 41 : 42);
    const ops = operands(r, sub, [1, 8, 8, 64], [64, 3, 3, 64], 0, 64);
    const g = singleOp('conv2d', { pads: { top: 1, left: 1, bottom: 1, right: 1 }, strideH: 1, strideW: 1, dilationH: 1, dilationW: 1, activation: 'none' }, ops, outQ(r));
    const int8Bytes = 64 * 3 * 3 * 64;
    const { modules } = await emitWasmModules(g);
    for (const m of modules) t.true(m.constantBytes < int8Bytes * (sub === 'i4' ? 0.6 : 0.35), `${sub} ${m.simd ? 'SIMD' : 'plain'}: ${m.constantBytes} bytes of constants`);
  }
});
