/**
 * Property tests: every wasm kernel, SIMD and plain, against the reference
 * executor on random single-op graphs — random shapes, strides, padding,
 * dilation, weights, per-channel scales and zero points — covering the op
 * kinds and dtypes the oracle models do not reach. Integer outputs must be
 * identical; float outputs within the project's tolerance.
 */
import test from 'ava';
import { emitWasmBundle, runWasmBundle } from '../../compiler/emit-wasm/index.js';
import { ReferenceExecutor } from '../../compiler/exec/reference.js';
import type { DType, FusedActivation, Graph } from '../../compiler/ir/index.js';
import { compareOutput } from '../helpers/compare.js';
import { perChannel, q, randomData, randomInputs, Rng, singleOp, type TensorSpec } from './single-op-graphs.js';

const SEEDS = [11, 22, 33];
type Case = (r: Rng) => Graph;

const act = (r: Rng): FusedActivation => r.pick(['none', 'relu', 'relu6'] as const);
const pads = (r: Rng) => ({ top: r.int(0, 1), left: r.int(0, 1), bottom: r.int(0, 1), right: r.int(0, 1) });
const scales = (r: Rng, n: number): number[] => Array.from({ length: n }, () => r.float(0.002, 0.02));
const actQ = (r: Rng, dtype: DType) => (dtype === 'i16' ? q(r.float(0.0005, 0.002), 0) : q(r.float(0.01, 0.1), r.int(-20, 20)));

/** Input, filter and bias specs of a conv-like op in `dtype` (f32, i8 or 16x8). */
function convOperands(r: Rng, dtype: 'f32' | 'i8' | 'i16', inShape: number[], filterShape: number[], outC: number, wideBias: boolean): TensorSpec[] {
  const isFloat = dtype === 'f32';
  const inQ = isFloat ? undefined : actQ(r, dtype);
  const wScales = scales(r, outC);
  const biasDtype: DType = isFloat ? 'f32' : wideBias ? 'i64' : 'i32';
  const n = filterShape.reduce((a, b) => a * b, 1);
  return [
    { dtype, shape: inShape, ...(inQ ? { quant: inQ } : {}) },
    { dtype: isFloat ? 'f32' : 'i8', shape: filterShape, data: randomData(r, isFloat ? 'f32' : 'i8', n), ...(isFloat ? {} : { quant: perChannel(wScales) }) },
    { dtype: biasDtype, shape: [outC], data: randomData(r, biasDtype, outC, [-3000, 3000]), ...(isFloat ? {} : { quant: perChannel(wScales.map((s) => s * inQ!.scale[0]!)) }) },
  ];
}

function conv(dtype: 'f32' | 'i8' | 'i16', wideBias = false, dilationW = 1): Case {
  return (r) => {
    const [inC, outC, k] = [r.int(1, 12), r.int(1, 13), r.pick([1, 2, 3])];
    const ops = convOperands(r, dtype, [r.int(1, 2), r.int(3, 9), r.int(3, 9), inC], [outC, k, r.pick([1, k]), inC], outC, wideBias);
    const attrs = { pads: pads(r), strideH: r.int(1, 2), strideW: r.int(1, 2), dilationH: r.int(1, 2), dilationW, activation: act(r) };
    return singleOp('conv2d', attrs, ops, { dtype, ...(dtype === 'f32' ? {} : { quant: actQ(r, dtype) }) });
  };
}

/** 1x1 int8 convolutions without padding: the SIMD kernel reads pixels directly (rows or strided). */
function pointwise(stride: number, inC: number, channels: [number, number] = [1, 13]): Case {
  return (r) => {
    const outC = r.int(...channels);
    const ops = convOperands(r, 'i8', [r.int(1, 2), r.int(1, 7), r.int(1, 7), inC], [outC, 1, 1, inC], outC, false);
    const attrs = { pads: { top: 0, left: 0, bottom: 0, right: 0 }, strideH: stride, strideW: stride, dilationH: 1, dilationW: 1, activation: act(r) };
    return singleOp('conv2d', attrs, ops, { dtype: 'i8', quant: actQ(r, 'i8') });
  };
}

function depthwise(dtype: 'f32' | 'i8' | 'i16', dm: number, channels?: number): Case {
  return (r) => {
    const inC = channels ?? r.int(1, 10);
    const k = r.pick([2, 3]);
    const ops = convOperands(r, dtype, [1, r.int(3, 9), r.int(3, 9), inC], [1, k, k, inC * dm], inC * dm, dtype === 'i16');
    const attrs = { pads: pads(r), strideH: r.int(1, 2), strideW: r.int(1, 2), dilationH: 1, dilationW: r.int(1, 2), activation: act(r), depthMultiplier: dm };
    return singleOp('depthwise_conv2d', attrs, ops, { dtype, ...(dtype === 'f32' ? {} : { quant: actQ(r, dtype) }) });
  };
}

function fullyConnected(dtype: 'f32' | 'i8' | 'i16', perTensor: boolean, batches: [number, number] = [1, 3], unitRange: [number, number] = [1, 11]): Case {
  return (r) => {
    const [depth, units] = [r.int(1, 40), r.int(...unitRange)];
    const ops = convOperands(r, dtype, [r.int(...batches), depth], [units, depth], units, dtype === 'i16');
    if (perTensor && ops[1]!.quant) ops[1]!.quant = q(ops[1]!.quant.scale[0]!);
    return singleOp('fully_connected', { activation: act(r), keepNumDims: false }, ops, { dtype, ...(dtype === 'f32' ? {} : { quant: actQ(r, dtype) }) });
  };
}

function transposeConv(dtype: 'f32' | 'i8' | 'i16'): Case {
  return (r) => {
    const [inC, outC, k, s] = [r.int(1, 5), r.int(1, 6), r.pick([2, 3]), r.int(1, 2)];
    const [h, w] = [r.int(2, 5), r.int(2, 5)];
    const ops = convOperands(r, dtype, [1, h, w, inC], [outC, k, k, inC], outC, dtype === 'i16');
    const g = singleOp('transpose_conv2d', { pads: { top: 0, left: 0, bottom: 0, right: 0 }, strideH: s, strideW: s, activation: 'none' }, ops, { dtype, ...(dtype === 'f32' ? {} : { quant: actQ(r, dtype) }) });
    g.tensors[g.outputs[0]!]!.shape = [1, (h - 1) * s + k, (w - 1) * s + k, outC];
    return g;
  };
}

/** A pooling op; `simdShapes` gives channel counts that are multiples of eight (the SIMD kernel's) and, when 'wide', windows of up to 18x18 (int8 sums past int16). */
function pool(kind: 'avg_pool2d' | 'max_pool2d', dtype: 'f32' | 'i8' | 'i16', simdShapes?: 'narrow' | 'wide'): Case {
  return (r) => {
    const quant = dtype === 'f32' ? undefined : actQ(r, dtype);
    const [lo, hi] = simdShapes === 'wide' ? [15, 18] : [2, 3];
    const attrs = { pads: pads(r), strideH: r.int(1, 2), strideW: r.int(1, 2), filterH: r.int(lo, hi), filterW: r.int(lo, hi), activation: act(r) };
    const channels = simdShapes ? 8 * r.int(1, 3) : r.int(1, 5);
    const side = (): number => (simdShapes === 'wide' ? r.int(16, 20) : r.int(3, 8));
    return singleOp(kind, attrs, [{ dtype, shape: [1, side(), side(), channels], ...(quant ? { quant } : {}) }], { dtype, ...(quant ? { quant } : {}) });
  };
}

function binary(kind: 'add' | 'sub' | 'mul', dtype: 'f32' | 'i8' | 'i16'): Case {
  return (r) => {
    const shape = [r.int(1, 3), r.int(1, 4), r.int(1, 5)];
    const other = shape.map((d) => (r.int(0, 2) === 0 ? 1 : d));
    const qq = () => (dtype === 'f32' ? {} : { quant: actQ(r, dtype) });
    return singleOp(kind, { activation: act(r), potScaleInt16: false }, [{ dtype, shape, ...qq() }, { dtype, shape: other.slice(r.int(0, 1)), ...qq() }], { dtype, ...qq() });
  };
}

function activation(kind: 'logistic' | 'tanh' | 'relu' | 'relu6' | 'relu_n1_to_1' | 'leaky_relu', dtype: 'f32' | 'i8' | 'i16'): Case {
  return (r) => {
    const inQ = dtype === 'f32' ? undefined : actQ(r, dtype);
    const outQ = dtype === 'f32' ? undefined : kind === 'logistic' ? q(1 / 256, -128) : kind === 'tanh' ? q(1 / 128, 0) : actQ(r, dtype);
    const attrs = (kind === 'leaky_relu' ? { alpha: Math.fround(r.float(0.05, 0.5)) } : {}) as never;
    const g = singleOp(kind, attrs, [{ dtype, shape: [r.int(1, 4), r.int(1, 20)], ...(inQ ? { quant: inQ } : {}) }], { dtype, ...(outQ ? { quant: outQ } : {}) });
    if (dtype === 'f32') g.tensors[0]!.name = 'x';
    return g;
  };
}

const CASES: Record<string, Case> = {
  'conv2d i8': conv('i8'),
  'conv2d i8 1x1 (K = 32, in place)': pointwise(1, 32),
  'conv2d i8 1x1 (K = 20, in place)': pointwise(1, 20),
  'conv2d i8 1x1 stride 2 (K = 24)': pointwise(2, 24),
  'conv2d i8 1x1 (K = 8, 17 to 40 channels: several channel blocks)': pointwise(1, 8, [17, 40]),
  'conv2d i8 1x1 (K = 3, odd depth)': pointwise(1, 3, [1, 20]),
  'conv2d i8 dilated along the width (window taps one by one)': conv('i8', false, 2),
  'conv2d f32': conv('f32'),
  'conv2d 16x8 int64 bias': conv('i16', true),
  'conv2d 16x8 int32 bias': conv('i16', false),
  'depthwise i8 (multiplier 1, 8 channels)': depthwise('i8', 1, 8),
  'depthwise i8 (multiplier 1)': depthwise('i8', 1),
  'depthwise i8 (multiplier 8)': depthwise('i8', 8, 1),
  'depthwise i8 (multiplier 2)': depthwise('i8', 2),
  'depthwise f32': depthwise('f32', 1),
  'depthwise 16x8': depthwise('i16', 1),
  'fully connected i8 per-tensor': fullyConnected('i8', true),
  'fully connected i8 per-channel': fullyConnected('i8', false),
  'fully connected i8 (4 to 11 rows, 9 to 40 units)': fullyConnected('i8', false, [4, 11], [9, 40]),
  'fully connected f32': fullyConnected('f32', false),
  'fully connected 16x8': fullyConnected('i16', false),
  'transpose conv f32': transposeConv('f32'),
  'transpose conv i8': transposeConv('i8'),
  'transpose conv 16x8': transposeConv('i16'),
  'avg pool i8': pool('avg_pool2d', 'i8'),
  'avg pool i8, SIMD channel groups': pool('avg_pool2d', 'i8', 'narrow'),
  'avg pool i8, SIMD channel groups, wide windows': pool('avg_pool2d', 'i8', 'wide'),
  'max pool i8, SIMD channel groups': pool('max_pool2d', 'i8', 'narrow'),
  'avg pool f32': pool('avg_pool2d', 'f32'),
  'max pool i16': pool('max_pool2d', 'i16'),
  'max pool f32': pool('max_pool2d', 'f32'),
  'add i8 broadcast': binary('add', 'i8'),
  'sub i16 broadcast': binary('sub', 'i16'),
  'mul i8 broadcast': binary('mul', 'i8'),
  'mul f32 broadcast': binary('mul', 'f32'),
  'add f32 broadcast': binary('add', 'f32'),
  'logistic i8': activation('logistic', 'i8'),
  'logistic f32': activation('logistic', 'f32'),
  'tanh i8': activation('tanh', 'i8'),
  'tanh f32': activation('tanh', 'f32'),
  'relu i8': activation('relu', 'i8'),
  'relu6 f32': activation('relu6', 'f32'),
  'relu_n1_to_1 i8': activation('relu_n1_to_1', 'i8'),
  'leaky relu i16': activation('leaky_relu', 'i16'),
  'leaky relu f32': activation('leaky_relu', 'f32'),
  'softmax i8': (r) => singleOp('softmax', { beta: r.float(0.5, 2) }, [{ dtype: 'i8', shape: [r.int(1, 3), r.int(2, 30)], quant: actQ(r, 'i8') }], { dtype: 'i8', quant: q(1 / 256, -128) }),
  'softmax f32': (r) => singleOp('softmax', { beta: r.float(0.5, 2) }, [{ dtype: 'f32', shape: [r.int(1, 3), r.int(2, 30)] }], { dtype: 'f32' }),
  'mean i8 spatial': (r) => singleOp('mean', { axes: [1, 2], keepDims: true }, [{ dtype: 'i8', shape: [1, r.int(1, 7), r.int(1, 7), r.int(1, 5)], quant: actQ(r, 'i8') }], { dtype: 'i8', quant: actQ(r, 'i8') }),
  'mean i8 general': (r) => singleOp('mean', { axes: [r.pick([1, 2, 3])], keepDims: false }, [{ dtype: 'i8', shape: [1, r.int(1, 5), r.int(1, 5), r.int(1, 5)], quant: actQ(r, 'i8') }], { dtype: 'i8', quant: actQ(r, 'i8') }),
  'mean f32': (r) => singleOp('mean', { axes: [1, 3], keepDims: r.int(0, 1) === 1 }, [{ dtype: 'f32', shape: [1, r.int(1, 5), r.int(1, 5), r.int(1, 5)] }], { dtype: 'f32' }),
  'pad i8': (r) => {
    const quant = actQ(r, 'i8');
    return singleOp('pad', { paddings: [[0, 0], [r.int(0, 2), r.int(0, 2)], [r.int(0, 2), r.int(0, 2)], [0, r.int(0, 1)]] }, [{ dtype: 'i8', shape: [1, r.int(1, 4), r.int(1, 4), r.int(1, 3)], quant }], { dtype: 'i8', quant });
  },
  'pad f32': (r) => singleOp('pad', { paddings: [[r.int(0, 1), r.int(0, 1)], [r.int(0, 2), r.int(0, 2)]] }, [{ dtype: 'f32', shape: [r.int(1, 3), r.int(1, 5)] }], { dtype: 'f32' }),
  'transpose i16': (r) => {
    const quant = actQ(r, 'i16');
    return singleOp('transpose', { perm: r.pick([[0, 2, 1, 3], [0, 3, 1, 2], [3, 2, 1, 0]]) }, [{ dtype: 'i16', shape: [r.int(1, 2), r.int(1, 4), r.int(1, 4), r.int(1, 3)], quant }], { dtype: 'i16', quant });
  },
  'strided slice f32': (r) => singleOp('strided_slice', { begin: [0, 1, 0], end: [1, 5, 6], strides: [1, r.int(1, 2), r.pick([1, 2, 3])], squeeze: [0] }, [{ dtype: 'f32', shape: [1, 6, 6] }], { dtype: 'f32' }),
  'concat i8': (r) => {
    const quant = actQ(r, 'i8');
    const axis = r.int(0, 2);
    const shape = (): number[] => [2, 3, 4].map((d, i) => (i === axis ? r.int(1, 4) : d));
    return singleOp('concat', { axis, activation: 'none' }, [{ dtype: 'i8', shape: shape(), quant }, { dtype: 'i8', shape: shape(), quant }, { dtype: 'i8', shape: shape(), quant }], { dtype: 'i8', quant });
  },
  'reshape f32': (r) => {
    const n = r.int(1, 5);
    return singleOp('reshape', {}, [{ dtype: 'f32', shape: [2, n, 3] }], { dtype: 'f32', shape: [6 * n] });
  },
  'quantize f32 to i8': (r) => singleOp('quantize', {}, [{ dtype: 'f32', shape: [r.int(1, 40)] }], { dtype: 'i8', quant: q(r.float(0.002, 0.01), r.int(-10, 10)) }),
  'requantize i8 to i16': (r) => singleOp('quantize', {}, [{ dtype: 'i8', shape: [r.int(1, 40)], quant: actQ(r, 'i8') }], { dtype: 'i16', quant: q(r.float(0.0005, 0.002), 0) }),
  'dequantize i8': (r) => singleOp('dequantize', {}, [{ dtype: 'i8', shape: [r.int(1, 40)], quant: actQ(r, 'i8') }], { dtype: 'f32' }),
};

for (const [name, make] of Object.entries(CASES)) {
  test(`wasm kernels match the reference: ${name}`, async (t) => {
    for (const seed of SEEDS) {
      const rng = new Rng(seed * 7919 + name.length);
      const g = make(rng);
      const inputs = randomInputs(rng, g);
      const expected = new ReferenceExecutor(g).run(inputs);
      const bundle = await emitWasmBundle(g, { name: 'op' });
      for (const simd of [true, false]) {
        const outs = await runWasmBundle(bundle, inputs, { simd });
        outs.forEach((o, i) => t.is(compareOutput(o, expected[i]!), undefined, `seed ${seed} ${simd ? 'SIMD' : 'plain'} output ${i} (shape ${g.tensors[g.outputs[i]!]!.shape.join('x')})`));
      }
    }
  });
}
