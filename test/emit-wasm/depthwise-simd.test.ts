/**
 * The int8 SIMD depthwise kernel against the reference executor on random
 * layers chosen to reach each of its paths: rows wide enough for a loop of
 * steps and a remainder step, narrow rows taken as one step, border columns
 * on one or both sides, windows reaching above and below the image (the
 * zero-point row), images narrower than the window (no interior at all),
 * stride 2 with TensorFlow's uneven SAME padding or none (the interior
 * reaching the last column), dilation, windows with an even or odd number
 * of rows (vertical pairs, and the last row's pairings), depth
 * multipliers of 8 and 16 (one input channel: pair rows, or scalar pairs
 * when the image is narrower than eight columns), several channel groups,
 * batches, input zero points at both ends of the int8 range, and uint8
 * activations (ONNX's float requantization). Each case also checks that
 * the layer really takes the SIMD kernel (and pair rows where they apply),
 * so a planning change cannot quietly turn these into tests of another
 * path. Where a bundle has a relaxed-SIMD module it runs too, and ReLU
 * layers, which always get one, check its half-pass walks
 * (`halfPassVariant`: each row walked twice, four channels a walk).
 */
import test, { type ExecutionContext } from 'ava';
import { emitWasmBundle, runWasmBundle } from '../../compiler/emit-wasm/index.js';
import { halfPassVariant, type DepthwiseInt8Config } from '../../compiler/emit-wasm/kernels/depthwise-int8.js';
import { planDepthwiseSimd, planSingleInputChannel } from '../../compiler/emit-wasm/kernels/depthwise-simd.js';
import { ReferenceExecutor } from '../../compiler/exec/reference.js';
import type { Graph, Op } from '../../compiler/ir/index.js';
import { OPS } from '../../compiler/ops/registry.js';
import { compareOutput } from '../helpers/compare.js';
import { perChannel, q, randomData, randomInputs, Rng, singleOp } from './single-op-graphs.js';
import { bundleBuilds, enableRelaxedSimd } from '../helpers/relaxed-simd.js';

const relaxedSimd = enableRelaxedSimd();

const SEEDS = [5, 17, 29];

interface Layer {
  h: number; w: number; inC: number; dm?: number;
  kH: number; kW: number; stride?: [number, number]; dilation?: [number, number];
  pads: [number, number, number, number];
  batches?: number;
  inputZeroPoint?: number;
  /** uint8 activations (input and output) with int8 weights, as ONNX quantizes them. */
  unsigned?: boolean;
  /** The fused activation (default: one picked at random). */
  activation?: 'none' | 'relu' | 'relu6';
}

function layerGraph(r: Rng, l: Layer): Graph {
  const dm = l.dm ?? 1;
  const outC = l.inC * dm;
  const act = l.unsigned ? 'u8' : 'i8';
  const inQ = q(r.float(0.01, 0.1), l.inputZeroPoint ?? (l.unsigned ? r.int(100, 150) : r.int(-20, 20)));
  const wScales = Array.from({ length: outC }, () => r.float(0.002, 0.02));
  const [top, left, bottom, right] = l.pads;
  const [strideH, strideW] = l.stride ?? [1, 1];
  const [dilationH, dilationW] = l.dilation ?? [1, 1];
  return singleOp('depthwise_conv2d', {
    pads: { top, left, bottom, right }, strideH, strideW, dilationH, dilationW, depthMultiplier: dm, activation: l.activation ?? r.pick(['none', 'relu', 'relu6'] as const),
    // uint8 activations come from ONNX, whose requantization rounds in float.
    ...(l.unsigned ? { rounding: 'onnx' as const } : {}),
  }, [
    { dtype: act, shape: [l.batches ?? 1, l.h, l.w, l.inC], quant: inQ },
    { dtype: 'i8', shape: [1, l.kH, l.kW, outC], data: randomData(r, 'i8', l.kH * l.kW * outC), quant: perChannel(wScales) },
    { dtype: 'i32', shape: [outC], data: randomData(r, 'i32', outC, [-3000, 3000]), quant: perChannel(wScales.map((s) => s * inQ.scale[0]!)) },
  ], { dtype: act, quant: q(r.float(0.01, 0.1), l.unsigned ? r.int(100, 150) : r.int(-20, 20)) });
}

const same = (k: number): [number, number, number, number] => [(k - 1) >> 1, (k - 1) >> 1, k >> 1, k >> 1];

const CASES: Record<string, (r: Rng) => Layer> = {
  'wide rows, stride 1, SAME': (r) => ({ h: r.int(3, 6), w: r.int(9, 21), inC: r.pick([8, 16, 24]), kH: 3, kW: 3, pads: same(3) }),
  'kws-like 25x5x64': () => ({ h: 25, w: 5, inC: 64, kH: 3, kW: 3, pads: same(3) }),
  'stride 2, uneven SAME (pad bottom/right only)': (r) => ({ h: 2 * r.int(3, 8), w: 2 * r.int(3, 8), inC: r.pick([8, 16]), kH: 3, kW: 3, stride: [2, 2], pads: [0, 0, 1, 1] }),
  'stride 2 with pad 1 on every side': (r) => ({ h: r.int(5, 12), w: r.int(5, 12), inC: 8, kH: 3, kW: 3, stride: [2, 2], pads: [1, 1, 1, 1] }),
  // The interior reaches the last input column: the loop must stop before the reaching last row's extra column leaves the image.
  'stride 2, no padding, odd width': (r) => ({ h: r.int(3, 6), w: 2 * r.int(6, 11) + 1, inC: r.pick([8, 16]), kH: 3, kW: 3, stride: [2, 2], pads: [0, 0, 0, 0] }),
  'mixed strides, no padding': (r) => ({ h: r.int(4, 9), w: r.int(4, 9), inC: 16, kH: 3, kW: 3, stride: [1, 2], pads: [0, 0, 0, 0] }),
  'dilation 2, pad 2': (r) => ({ h: r.int(5, 10), w: r.int(5, 14), inC: 8, kH: 3, kW: 3, dilation: [2, 2], pads: [2, 2, 2, 2] }),
  '5x5 window, SAME': (r) => ({ h: r.int(5, 9), w: r.int(5, 13), inC: 8, kH: 5, kW: 5, pads: same(5) }),
  'even window rows (2x2, 4x3)': (r) => ({ h: r.int(4, 8), w: r.int(4, 11), inC: 8, kH: r.pick([2, 4]), kW: r.pick([2, 3]), pads: [1, 1, 1, 0] }),
  'single-row and single-column windows': (r) => {
    const horizontal = r.int(0, 1) === 1;
    return { h: r.int(3, 7), w: r.int(3, 12), inC: 8, kH: horizontal ? 1 : 3, kW: horizontal ? 3 : 1, pads: horizontal ? [0, 1, 0, 1] : [1, 0, 1, 0] };
  },
  'image narrower than the window': (r) => ({ h: r.int(1, 3), w: r.int(1, 3), inC: 8, kH: 3, kW: 3, pads: r.pick([same(3), [2, 2, 2, 2] as [number, number, number, number]]) }),
  'one column past both edges (width 1)': (r) => ({ h: r.int(3, 6), w: 1, inC: 16, kH: 3, kW: 3, pads: same(3) }),
  'multiplier 8, one input channel, stride 2': (r) => ({ h: 2 * r.int(4, 10), w: 2 * r.int(4, 10), inC: 1, dm: 8, kH: 3, kW: 3, stride: [2, 2], pads: [0, 0, 1, 1] }),
  'multiplier 16, two input channels': (r) => ({ h: r.int(3, 8), w: r.int(3, 10), inC: 2, dm: 16, kH: 3, kW: 3, pads: same(3) }),
  'multiplier 8, three input channels, SAME': (r) => ({ h: r.int(3, 7), w: r.int(6, 12), inC: 3, dm: 8, kH: 3, kW: 3, pads: same(3) }),
  'pair rows: one input channel, stride 1, SAME (shared last row)': (r) => ({ h: r.int(4, 9), w: r.int(8, 21), inC: 1, dm: 8, kH: 3, kW: 3, pads: same(3) }),
  'pair rows: multiplier 16, 5x5 window, pad 2 on every side': (r) => ({ h: r.int(5, 9), w: r.int(8, 15), inC: 1, dm: 16, kH: 5, kW: 5, pads: [2, 2, 2, 2] }),
  'pair rows: 4x3 window (no last row), stride 2, odd width': (r) => ({ h: r.int(6, 10), w: 2 * r.int(4, 11) + 1, inC: 1, dm: 8, kH: 4, kW: 3, stride: [2, 2], pads: [1, 1, 1, 0] }),
  'pair rows: vertical dilation 2, two batches, input zero point -128': (r) => ({
    h: r.int(5, 9), w: r.int(8, 13), inC: 1, dm: 8, kH: 3, kW: 3, dilation: [2, 1], pads: [2, 1, 2, 1], batches: 2, inputZeroPoint: -128 }),
  'pair rows: uint8 activations, stride 2, pad 1 on every side': (r) => ({
    h: r.int(5, 11), w: r.int(8, 19), inC: 1, dm: 8, kH: 3, kW: 3, stride: [2, 2], pads: [1, 1, 1, 1], unsigned: true }),
  'one input channel narrower than eight columns (scalar pairs)': (r) => ({ h: r.int(3, 7), w: r.int(3, 7), inC: 1, dm: 8, kH: 3, kW: 3, pads: same(3) }),
  'two batches': (r) => ({ h: r.int(3, 6), w: r.int(3, 9), inC: 8, kH: 3, kW: 3, pads: same(3), batches: 2 }),
  'input zero point -128 (offset 128)': (r) => ({ h: r.int(3, 7), w: r.int(3, 12), inC: 16, kH: 3, kW: 3, pads: same(3), inputZeroPoint: -128 }),
  'input zero point 127': (r) => ({ h: r.int(3, 7), w: r.int(3, 12), inC: 8, kH: 3, kW: 3, pads: same(3), inputZeroPoint: 127 }),
};

/**
 * Runs the layer's SIMD, relaxed-SIMD (where the bundle has one) and plain
 * modules on random inputs and compares them with the reference executor;
 * true when a relaxed module ran.
 */
async function matchesReference(t: ExecutionContext, rng: Rng, g: Graph, seed: number): Promise<boolean> {
  const inputs = randomInputs(rng, g);
  const expected = new ReferenceExecutor(g).run(inputs);
  const bundle = await emitWasmBundle(g, { name: 'dw' });
  const builds = bundleBuilds(bundle);
  for (const build of builds) {
    const [out] = await runWasmBundle(bundle, inputs, build);
    t.is(compareOutput(out!, expected[0]!), undefined, `seed ${seed} ${build.label} (output ${g.tensors[g.outputs[0]!]!.shape.join('x')})`);
  }
  return builds.some((b) => b.relaxed);
}

for (const [name, make] of Object.entries(CASES)) {
  test(`int8 SIMD depthwise matches the reference: ${name}`, async (t) => {
    for (const seed of SEEDS) {
      const rng = new Rng(seed * 104729 + name.length);
      const layer = make(rng);
      const g = layerGraph(rng, layer);
      const op = g.ops[0] as Op<'depthwise_conv2d'>;
      const config = planDepthwiseSimd(op, OPS.depthwise_conv2d.prepare(op, g), g)?.config;
      t.is(config?.kind, 'int8', `seed ${seed}: the layer takes the int8 SIMD kernel`);
      // One input channel splatted over its groups reads its taps from pair rows when eight columns wide and not dilated across.
      const pairRows = layer.inC === 1 && (layer.dm ?? 1) > 1 && (layer.dilation?.[1] ?? 1) === 1 && layer.w >= 8;
      t.is(config?.kind === 'int8' && config.pairRows, pairRows, `seed ${seed}: pair rows ${pairRows ? 'taken' : 'not taken'}`);
      await matchesReference(t, rng, g, seed);
    }
  });
}

/** ReLU layers, whose bundles always have a relaxed-SIMD module, with one input channel per output channel: its half-pass walks. */
const HALF_PASSES: Record<string, (r: Rng) => Layer> = {
  'wide rows, stride 1, SAME, several groups': (r) => ({ h: r.int(3, 6), w: r.int(9, 21), inC: r.pick([8, 16, 24]), kH: 3, kW: 3, pads: same(3), activation: 'relu6' }),
  'stride 2, uneven SAME padding, odd widths': (r) => ({ h: r.int(5, 11), w: r.pick([9, 11, 13, 15]), inC: 16, kH: 3, kW: 3, stride: [2, 2], pads: [0, 0, 1, 1], activation: 'relu' }),
  'narrow rows taken as one step, no padding': (r) => ({ h: r.int(3, 6), w: r.int(3, 7), inC: 8, kH: 3, kW: 3, pads: [0, 0, 0, 0], activation: 'relu6' }),
  '5x5 window, horizontal dilation 2, input zero point -128': (r) => ({ h: r.int(6, 10), w: r.int(10, 16), inC: 16, kH: 5, kW: 5, dilation: [1, 2], pads: [2, 4, 2, 4], inputZeroPoint: -128, activation: 'relu' }),
  'even window rows, two batches': (r) => ({ h: r.int(4, 8), w: r.int(8, 14), inC: 8, kH: 2, kW: 3, pads: [0, 1, 1, 1], batches: 2, activation: 'relu6' }),
};

test('this process runs relaxed-SIMD modules', (t) => {
  t.true(relaxedSimd);
});

for (const [name, make] of Object.entries(HALF_PASSES)) {
  test(`int8 SIMD depthwise, the relaxed module's half passes, matches the reference: ${name}`, async (t) => {
    for (const seed of SEEDS) {
      const rng = new Rng(seed * 7919 + name.length);
      const g = layerGraph(rng, make(rng));
      const op = g.ops[0] as Op<'depthwise_conv2d'>;
      const config = planDepthwiseSimd(op, OPS.depthwise_conv2d.prepare(op, g), g)?.config as DepthwiseInt8Config | undefined;
      t.is(config?.kind, 'int8', `seed ${seed}: the layer takes the int8 SIMD kernel`);
      t.true(config !== undefined && halfPassVariant(config)?.halfPasses === true, `seed ${seed}: the relaxed module walks half passes`);
      t.true(await matchesReference(t, rng, g, seed), `seed ${seed}: the bundle has a relaxed-SIMD module`);
    }
  });
}

/**
 * Layers over one input channel that the channel-vectorised kernel does not
 * take (more than 25 taps, fewer than eight channels) run as a matrix
 * product with an im2col window (planSingleInputChannel).
 */
const SINGLE_CHANNEL: Record<string, (r: Rng) => Layer> = {
  'micro_speech-like 10x8 window, stride 2, SAME': (r) => ({ h: r.int(10, 20), w: r.int(8, 16), inC: 1, dm: 8, kH: 10, kW: 8, stride: [2, 2], pads: [4, 3, 5, 4] }),
  '7x7 window, multiplier 4': (r) => ({ h: r.int(7, 12), w: r.int(7, 12), inC: 1, dm: 4, kH: 7, kW: 7, pads: same(7) }),
  '6x5 window, dilation 2, two batches, multiplier 12': (r) => ({ h: r.int(11, 14), w: r.int(9, 12), inC: 1, dm: 12, kH: 6, kW: 5, dilation: [2, 2], pads: [0, 0, 0, 0], batches: 2 }),
  '3x3 window, multiplier 6, input zero point -128': (r) => ({ h: r.int(3, 9), w: r.int(3, 9), inC: 1, dm: 6, kH: 3, kW: 3, pads: same(3), inputZeroPoint: -128 }),
};

for (const [name, make] of Object.entries(SINGLE_CHANNEL)) {
  test(`int8 depthwise over one input channel runs as a matrix product and matches the reference: ${name}`, async (t) => {
    for (const seed of SEEDS) {
      const rng = new Rng(seed * 7919 + name.length);
      const g = layerGraph(rng, make(rng));
      const op = g.ops[0] as Op<'depthwise_conv2d'>;
      const prepared = OPS.depthwise_conv2d.prepare(op, g);
      t.is(planDepthwiseSimd(op, prepared, g), undefined, `seed ${seed}: the channel-vectorised kernel does not take it`);
      t.is(planSingleInputChannel(op, prepared, g)?.config.kind, 'gemm', `seed ${seed}: the layer takes the matrix kernel`);
      await matchesReference(t, rng, g, seed);
    }
  });
}
