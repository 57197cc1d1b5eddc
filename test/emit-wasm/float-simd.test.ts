/**
 * The float32 SIMD kernels (register-blocked convolution, depthwise
 * convolution and fully connected, four-channel pools) against the reference executor, bit for
 * bit: they add each lane's products in the reference's order, so no
 * tolerance is needed. Shapes are chosen to reach every path of the blocked
 * kernels: edge pixels clipped left and right, interior blocks with a
 * remainder, window rows clipped at the top and bottom, several chunks of
 * four channel vectors, a partial last vector, strides, batches.
 */
import test from 'ava';
import { emitWasmBundle, runWasmBundle } from '../../compiler/emit-wasm/index.js';
import { ReferenceExecutor } from '../../compiler/exec/reference.js';
import { planDepthwiseSimd, planSingleInputChannel } from '../../compiler/emit-wasm/kernels/depthwise-simd.js';
import type { Graph, Op } from '../../compiler/ir/index.js';
import { OPS } from '../../compiler/ops/registry.js';
import { randomData, randomInputs, Rng, singleOp } from './single-op-graphs.js';

const SEEDS = [5, 6, 7, 8];

function conv(r: Rng): Graph {
  const [inC, outC, kH, kW] = [r.int(1, 9), r.int(1, 40), r.int(1, 5), r.int(1, 5)];
  const filter = { dtype: 'f32' as const, shape: [outC, kH, kW, inC], data: randomData(r, 'f32', outC * kH * kW * inC) };
  const bias = r.int(0, 1) ? { dtype: 'f32' as const, shape: [outC], data: randomData(r, 'f32', outC) } : undefined;
  const pad = (): number => r.int(0, 2);
  const attrs = {
    pads: { top: pad(), left: pad(), bottom: pad(), right: pad() }, strideH: r.int(1, 3), strideW: r.int(1, 3), dilationH: 1, dilationW: 1,
    activation: r.pick(['none', 'relu', 'relu6'] as const),
  };
  return singleOp('conv2d', attrs, [{ dtype: 'f32', shape: [r.int(1, 2), r.int(5, 14), r.int(5, 20), inC] }, filter, bias], { dtype: 'f32' });
}

/** A depthwise layer of `channels` input channels and `multiplier` outputs each. */
function depthwiseOf(r: Rng, channels: number, multiplier: number, kH: number, kW: number, minW: number): Graph {
  const outC = channels * multiplier;
  const filter = { dtype: 'f32' as const, shape: [1, kH, kW, outC], data: randomData(r, 'f32', kH * kW * outC) };
  const bias = r.int(0, 1) ? { dtype: 'f32' as const, shape: [outC], data: randomData(r, 'f32', outC) } : undefined;
  const pad = (): number => r.int(0, 2);
  const attrs = {
    pads: { top: pad(), left: pad(), bottom: pad(), right: pad() }, strideH: r.int(1, 3), strideW: r.int(1, 3), dilationH: 1, dilationW: 1,
    depthMultiplier: multiplier, activation: r.pick(['none', 'relu', 'relu6'] as const),
  };
  return singleOp('depthwise_conv2d', attrs, [{ dtype: 'f32', shape: [r.int(1, 2), r.int(5, 14), r.int(minW, 20), channels] }, filter, bias], { dtype: 'f32' });
}

const depthwise = (r: Rng): Graph => depthwiseOf(r, r.int(1, 40), 1, r.int(1, 5), r.int(1, 5), 5);

/** One input channel and a depth multiplier (magic_wand's first layer): the convolution window with one input channel. */
const singleChannelDepthwise = (r: Rng): Graph => depthwiseOf(r, 1, r.int(2, 12), r.int(1, 6), r.int(1, 5), 3);

function dense(r: Rng): Graph {
  const [depth, units] = [r.int(1, 70), r.int(1, 40)];
  const weights = { dtype: 'f32' as const, shape: [units, depth], data: randomData(r, 'f32', units * depth) };
  const bias = { dtype: 'f32' as const, shape: [units], data: randomData(r, 'f32', units) };
  return singleOp('fully_connected', { activation: r.pick(['none', 'relu'] as const), keepNumDims: false }, [{ dtype: 'f32', shape: [r.int(1, 3), depth] }, weights, bias], { dtype: 'f32' });
}

function pool(kind: 'avg_pool2d' | 'max_pool2d'): (r: Rng) => Graph {
  return (r) => {
    const attrs = {
      pads: { top: r.int(0, 1), left: r.int(0, 1), bottom: r.int(0, 1), right: r.int(0, 1) }, strideH: r.int(1, 3), strideW: r.int(1, 3),
      filterH: r.int(1, 3), filterW: r.int(1, 3), activation: r.pick(['none', 'relu', 'relu6'] as const),
    };
    return singleOp(kind, attrs, [{ dtype: 'f32', shape: [r.int(1, 2), r.int(3, 9), r.int(3, 9), 4 * r.int(1, 4)] }], { dtype: 'f32' });
  };
}

const CASES: Record<string, (r: Rng) => Graph> = {
  'conv2d (blocked; clipped edges, several channel chunks)': conv,
  'depthwise conv2d (blocked; clipped edges, partial last group)': depthwise,
  'depthwise conv2d over one input channel with a depth multiplier (the convolution window)': singleChannelDepthwise,
  'fully connected (blocked)': dense,
  'max pool, four channels a step': pool('max_pool2d'),
  'average pool, four channels a step': pool('avg_pool2d'),
};

for (const [name, make] of Object.entries(CASES)) {
  test(`float32 SIMD kernels equal the reference bit for bit: ${name}`, async (t) => {
    for (const seed of SEEDS) {
      const rng = new Rng(seed * 104729 + name.length);
      const g = make(rng);
      const inputs = randomInputs(rng, g);
      const expected = new ReferenceExecutor(g).run(inputs);
      const bundle = await emitWasmBundle(g, { name: 'op' });
      const [out] = await runWasmBundle(bundle, inputs, { simd: true });
      const want = expected[0] as Float32Array;
      const got = out as Float32Array;
      const shape = g.tensors[g.outputs[0]!]!.shape.join('x');
      t.is(got.length, want.length, `seed ${seed}: output size`);
      const first = want.findIndex((v, i) => !Object.is(v, got[i]));
      t.is(first, -1, `seed ${seed} (output ${shape}): element ${first} is ${got[first]}, the reference ${want[first]}`);
    }
  });
}

test('a float32 depthwise layer over one input channel takes the convolution window, not the portable kernel', (t) => {
  for (const seed of SEEDS) {
    const g = singleChannelDepthwise(new Rng(seed));
    const op = g.ops[0] as Op<'depthwise_conv2d'>;
    const prepared = OPS.depthwise_conv2d.prepare(op, g);
    t.is(planDepthwiseSimd(op, prepared, g), undefined, `seed ${seed}: the depthwise window takes a multiplier of 1 only`);
    const plan = planSingleInputChannel(op, prepared, g);
    t.is(plan?.config.kind, 'float-window');
    t.false(plan?.config.kind === 'float-window' && plan.config.depthwise);
  }
});
