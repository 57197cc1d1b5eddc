/**
 * The matrix kernel's skipping of zero pairs (gemm-sparse.ts) against the
 * reference executor: pointwise convolutions (stride 1 and 2) and fully
 * connected layers whose inputs are mostly the zero point, as after a ReLU
 * — whole blocks of rows with nothing to multiply, blocks where one row
 * alone has a value, odd depths, leftover rows and channels — and inputs
 * that are all zero point or have no zero point at all. Each case checks
 * that the layer really takes the skipping kernel, and the planning rule
 * that keeps it off where zeros are unlikely or too few channels share the
 * list. The relaxed-SIMD module, whose depth lists take blocks of two rows
 * in one pass (`onePassVariant`), runs each case too.
 */
import test from 'ava';
import { emitWasmBundle, runWasmBundle } from '../../compiler/emit-wasm/index.js';
import { planConv2dSimd } from '../../compiler/emit-wasm/kernels/conv2d-simd.js';
import { planFullyConnectedSimd } from '../../compiler/emit-wasm/kernels/fully-connected-simd.js';
import { onePassVariant, type GemmSimdConfig } from '../../compiler/emit-wasm/kernels/gemm-simd.js';
import { DEPTH_LIST_ROWS, ONE_PASS_ROWS } from '../../compiler/emit-wasm/kernels/gemm-sparse.js';
import { ReferenceExecutor, type RunInput } from '../../compiler/exec/reference.js';
import type { Graph, Op } from '../../compiler/ir/index.js';
import { OPS } from '../../compiler/ops/registry.js';
import { compareOutput } from '../helpers/compare.js';
import { perChannel, q, randomData, Rng, singleOp } from './single-op-graphs.js';
import { bundleBuilds, enableRelaxedSimd } from '../helpers/relaxed-simd.js';

const relaxedSimd = enableRelaxedSimd();

const SEEDS = [3, 11, 23];

interface Layer {
  h: number; w: number; inC: number; outC: number; stride?: number;
  /** Fully connected over h·w rows of inC instead of a convolution. */
  dense?: boolean;
  inputZeroPoint?: number;
  /** uint8 activations (zero point 0) with ONNX's float requantization, as QLinearConv imports. */
  unsigned?: boolean;
}

function layerGraph(r: Rng, l: Layer): Graph {
  if (l.unsigned) return unsignedGraph(r, l);
  const inQ = q(r.float(0.01, 0.05), l.inputZeroPoint ?? -128);
  const scales = Array.from({ length: l.outC }, () => r.float(0.002, 0.02));
  const stride = l.stride ?? 1;
  const activation = r.pick(['relu', 'relu6', 'none'] as const);
  const outQ = q(r.float(0.02, 0.1), activation === 'none' ? r.int(-10, 10) : -128);
  const bias = { dtype: 'i32' as const, shape: [l.outC], data: randomData(r, 'i32', l.outC, [-3000, 3000]), quant: perChannel(scales.map((s) => s * inQ.scale[0]!)) };
  if (l.dense) {
    return singleOp('fully_connected', { activation, keepNumDims: false }, [
      { dtype: 'i8', shape: [l.h * l.w, l.inC], quant: inQ },
      { dtype: 'i8', shape: [l.outC, l.inC], data: randomData(r, 'i8', l.outC * l.inC, [-127, 127]), quant: perChannel(scales) },
      bias,
    ], { dtype: 'i8', quant: outQ });
  }
  return singleOp('conv2d', { pads: { top: 0, left: 0, bottom: 0, right: 0 }, strideH: stride, strideW: stride, dilationH: 1, dilationW: 1, activation }, [
    { dtype: 'i8', shape: [1, l.h, l.w, l.inC], quant: inQ },
    { dtype: 'i8', shape: [l.outC, 1, 1, l.inC], data: randomData(r, 'i8', l.outC * l.inC, [-127, 127]), quant: perChannel(scales) },
    bias,
  ], { dtype: 'i8', quant: outQ });
}

function unsignedGraph(r: Rng, l: Layer): Graph {
  const scales = Array.from({ length: l.outC }, () => r.float(0.002, 0.02));
  return singleOp('conv2d', { pads: { top: 0, left: 0, bottom: 0, right: 0 }, strideH: 1, strideW: 1, dilationH: 1, dilationW: 1, activation: 'relu', rounding: 'onnx' }, [
    { dtype: 'u8', shape: [1, l.h, l.w, l.inC], quant: q(r.float(0.01, 0.05), 0) },
    { dtype: 'i8', shape: [l.outC, 1, 1, l.inC], data: randomData(r, 'i8', l.outC * l.inC, [-127, 127]), quant: perChannel(scales) },
    { dtype: 'i32', shape: [l.outC], data: randomData(r, 'i32', l.outC, [-3000, 3000]) },
  ], { dtype: 'u8', quant: q(r.float(0.05, 0.2), r.int(0, 20)) });
}

/** Input values: each the zero point with probability `zeros` (whole pixels of it with probability `deadRows`), else a random other value. */
function sparseInput(r: Rng, g: Graph, zeros: number, deadRows: number): RunInput {
  const t = g.tensors[g.inputs[0]!]!;
  const zp = t.quant!.zeroPoint[0]!;
  const inC = t.shape[t.shape.length - 1]!;
  const unsigned = t.dtype === 'u8';
  const data = unsigned ? new Uint8Array(t.shape.reduce((a, b) => a * b, 1)) : new Int8Array(t.shape.reduce((a, b) => a * b, 1));
  for (let p = 0; p < data.length / inC; p++) {
    const dead = r.float(0, 1) < deadRows;
    for (let c = 0; c < inC; c++) {
      const other = unsigned ? r.int(0, 255) : r.int(-128, 127);
      data[p * inC + c] = dead || r.float(0, 1) < zeros ? zp : other === zp ? zp + 1 : other;
    }
  }
  return { dtype: t.dtype, shape: t.shape, data };
}

function simdConfig(g: Graph): GemmSimdConfig | undefined {
  const op = g.ops[0]!;
  if (op.kind === 'conv2d') return planConv2dSimd(op as Op<'conv2d'>, OPS.conv2d.prepare(op as Op<'conv2d'>, g), g)?.config as GemmSimdConfig | undefined;
  return planFullyConnectedSimd(op as Op<'fully_connected'>, OPS.fully_connected.prepare(op as Op<'fully_connected'>, g), g)?.config as GemmSimdConfig | undefined;
}

/** `bits`: the weight stream's width the case is meant to exercise (16: int16 with the scale folded in; 8: widened as loaded). */
const CASES: Record<string, { layer: (r: Rng) => Layer; zeros: number; deadRows: number; bits?: GemmSimdConfig['weightBits'] }> = {
  'pointwise, mostly zero point, leftover rows and channels': { layer: (r) => ({ h: r.int(3, 6), w: r.int(3, 7), inC: r.pick([128, 131, 192]), outC: r.pick([64, 66, 68, 72]) }), zeros: 0.8, deadRows: 0.3 },
  'pointwise, odd depth, half zero point': { layer: (r) => ({ h: r.int(2, 5), w: r.int(2, 5), inC: r.pick([129, 135, 257]), outC: 64 }), zeros: 0.5, deadRows: 0.1 },
  'pointwise stride 2 (strided pixels)': { layer: (r) => ({ h: r.int(5, 9), w: r.int(5, 9), inC: 136, outC: 80, stride: 2 }), zeros: 0.7, deadRows: 0.2 },
  'fully connected, several rows': { layer: (r) => ({ h: 1, w: r.int(1, 9), inC: r.pick([128, 130, 200]), outC: r.pick([64, 96]), dense: true }), zeros: 0.7, deadRows: 0.2 },
  'uint8 input, zero point 0, ONNX requantization': { layer: (r) => ({ h: r.int(2, 5), w: r.int(2, 5), inC: r.pick([128, 131]), outC: 64, unsigned: true }), zeros: 0.7, deadRows: 0.2 },
  'single depths listed, 128 channels, a third zero point (odd counts of nonzero depths)': { layer: (r) => ({ h: r.int(2, 5), w: r.int(3, 5), inC: 128, outC: 128 }), zeros: 0.35, deadRows: 0.1, bits: 16 },
  'single depths listed, uint8 input with int8 weight vectors (ONNX requantization)': { layer: (r) => ({ h: r.int(2, 5), w: r.int(2, 5), inC: r.pick([128, 256]), outC: 64, unsigned: true }), zeros: 0.5, deadRows: 0.1, bits: 8 },
  'single depths listed, fully connected of one row': { layer: (r) => ({ h: 1, w: 1, inC: r.pick([128, 256]), outC: r.pick([64, 256]), dense: true }), zeros: 0.5, deadRows: 0 },
  'every input the zero point (empty lists)': { layer: (r) => ({ h: r.int(2, 4), w: r.int(2, 4), inC: 128, outC: 64 }), zeros: 1, deadRows: 1 },
  'no input the zero point (nothing skipped)': { layer: (r) => ({ h: r.int(2, 4), w: r.int(2, 4), inC: 128, outC: 64 }), zeros: 0, deadRows: 0 },
};

for (const [name, c] of Object.entries(CASES)) {
  test(`matrix kernel skipping zero pairs matches the reference: ${name}`, async (t) => {
    for (const seed of SEEDS) {
      const rng = new Rng(seed * 65537 + name.length);
      const g = layerGraph(rng, c.layer(rng));
      const zeroPoint = g.tensors[g.inputs[0]!]!.quant!.zeroPoint[0]!;
      const config = simdConfig(g);
      if (!config) return t.fail(`seed ${seed}: the SIMD matrix kernel does not take the layer`);
      t.is(config.sparse?.zeroPoint, zeroPoint, `seed ${seed}: the layer takes the skipping kernel`);
      // Single depths are listed exactly where whole 8-depth chunks and 16-channel blocks allow it.
      t.is(config.sparse?.depths === true, config.K % 8 === 0 && config.N % 16 === 0, `seed ${seed}: K ${config.K}, N ${config.N}`);
      if (config.sparse?.depths) t.is(config.block.rows, Math.min(DEPTH_LIST_ROWS, config.rows), `seed ${seed}: rows per listed block`);
      const onePass = onePassVariant(config);
      t.is(onePass !== undefined, config.sparse?.depths === true, `seed ${seed}: a depth list has a one-pass variant`);
      if (onePass) t.deepEqual([onePass.block.rows, onePass.sparse?.onePass], [Math.min(ONE_PASS_ROWS, config.rows), true]);
      if (c.bits !== undefined) t.is(config.weightBits, c.bits, `seed ${seed}: the weight stream's width`);
      const inputs = [sparseInput(rng, g, c.zeros, c.deadRows)];
      const expected = new ReferenceExecutor(g).run(inputs);
      const bundle = await emitWasmBundle(g, { name: 'sparse' });
      const builds = bundleBuilds(bundle);
      if (config.sparse?.depths) t.true(builds.some((b) => b.relaxed), `seed ${seed}: a depth list makes a relaxed-SIMD module`);
      for (const build of builds) {
        const [out] = await runWasmBundle(bundle, inputs, build);
        t.is(compareOutput(out!, expected[0]!), undefined, `seed ${seed} ${build.label}`);
      }
    }
  });
}

test('this process runs relaxed-SIMD modules', (t) => {
  t.true(relaxedSimd);
});

test('single depths listed: a last block of one or of two rows after whole blocks of three (relaxed SIMD: of one row after blocks of two) matches the reference', async (t) => {
  for (const w of [7, 8]) {
    const rng = new Rng(101 + w);
    const g = layerGraph(rng, { h: 1, w, inC: 128, outC: 64 });
    const config = simdConfig(g);
    t.true(config?.sparse?.depths === true && config.block.rows === DEPTH_LIST_ROWS, `${w} rows: blocks of ${DEPTH_LIST_ROWS} listed depths`);
    t.is(w % DEPTH_LIST_ROWS, w === 7 ? 1 : 2);
    const inputs = [sparseInput(rng, g, 0.5, 0.1)];
    const expected = new ReferenceExecutor(g).run(inputs);
    const bundle = await emitWasmBundle(g, { name: 'sparse' });
    for (const relaxed of [false, true]) {
      const [out] = await runWasmBundle(bundle, inputs, { simd: true, relaxed });
      t.is(compareOutput(out!, expected[0]!), undefined, `${w} rows${relaxed ? ', relaxed SIMD' : ''}`);
    }
  }
});

test('zero pairs are skipped only after a ReLU-like zero point, with enough channels to share the list and enough depth to find zeros', (t) => {
  const rng = new Rng(7);
  t.is(simdConfig(layerGraph(rng, { h: 4, w: 4, inC: 128, outC: 64 }))?.sparse?.zeroPoint, -128);
  t.is(simdConfig(layerGraph(rng, { h: 4, w: 4, inC: 128, outC: 64, inputZeroPoint: -3 }))?.sparse, undefined, 'zero point inside the range');
  const narrow = simdConfig(layerGraph(rng, { h: 4, w: 4, inC: 128, outC: 32 }));
  t.is(narrow?.kind, 'gemm', 'the dense matrix kernel takes a layer of 32 channels');
  t.is(narrow?.sparse, undefined, 'fewer than 64 channels');
  const shallow = simdConfig(layerGraph(rng, { h: 4, w: 4, inC: 64, outC: 64 }));
  t.is(shallow?.kind, 'gemm', 'the dense matrix kernel takes a layer of depth 64');
  t.is(shallow?.sparse, undefined, 'a depth under 128');
});
