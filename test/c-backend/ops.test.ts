/**
 * Kernel configurations the oracle models do not reach — grouped, dilated,
 * strided and batched convolutions, int16 with int32 bias, asymmetric dense
 * weights, every activation, broadcasting arithmetic, the mean paths,
 * slices with negative steps, concatenation — as one-op graphs with seeded
 * random weights, scales, zero points and inputs. Each is compiled to a C
 * bundle, and all are linked into one program built twice (gcc -O2, and
 * gcc with ASan+UBSan), both with -std=c99 -Wall -Wextra -Werror -pedantic.
 * Outputs must equal the reference executor's (the spec, itself bit-exact
 * with TFLite Micro): integers exactly, floats within the float tolerance.
 */
import { elementCount, type DType, type FusedActivation, type Pads2d } from '../../compiler/ir/index.js';
import { GCC_O2_STRICT, GCC_SANITIZE } from '../helpers/c-bundles.js';
import { testOpCases, type Build } from '../helpers/c-op-cases.js';
import { GraphBuilder, perChannel, perTensor, Random, randomData } from '../helpers/op-graphs.js';
const NO_PADS: Pads2d = { top: 0, left: 0, bottom: 0, right: 0 };

interface ConvOptions {
  kind: 'conv2d' | 'depthwise_conv2d';
  dtype: 'i8' | 'i16' | 'f32';
  input: [number, number, number, number];
  outC: number;
  kernel: [number, number];
  stride?: [number, number];
  dilation?: [number, number];
  pads?: Pads2d;
  groups?: number;
  activation?: FusedActivation;
  bias?: 'i32' | 'i64' | 'none';
}

function conv(o: ConvOptions): Build {
  return (r) => {
    const g = new GraphBuilder();
    const [n, h, w, c] = o.input;
    const isFloat = o.dtype === 'f32';
    const inQuant = o.dtype === 'i8' ? perTensor(0.05, r.int(-20, 20)) : o.dtype === 'i16' ? perTensor(1 / 2048) : undefined;
    const x = g.input(o.dtype, o.input, inQuant);
    const depthwise = o.kind === 'depthwise_conv2d';
    const fShape = depthwise ? [1, o.kernel[0], o.kernel[1], o.outC] : [o.outC, o.kernel[0], o.kernel[1], c / (o.groups ?? 1)];
    const fQuant = isFloat ? undefined : perChannel(r, o.outC, depthwise ? 3 : 0);
    const f = g.constant(isFloat ? 'f32' : 'i8', fShape, randomData(r, isFloat ? 'f32' : 'i8', elementCount(fShape), isFloat ? [-0.5, 0.5] : [-127, 127]), fQuant);
    const biasType = o.bias ?? (isFloat ? 'f32' : o.dtype === 'i16' ? 'i64' : 'i32');
    const inputs = [x, f];
    if (biasType !== 'none') inputs.push(g.constant(biasType as DType, [o.outC], randomData(r, biasType as DType, o.outC, isFloat ? [-0.1, 0.1] : [-20000, 20000])));
    const taps = elementCount(fShape) / o.outC;
    const outScale = (inQuant?.scale[0] ?? 1) * 0.02 * Math.sqrt(taps) * 40;
    const outQuant = isFloat ? undefined : perTensor(outScale, o.dtype === 'i8' ? r.int(-10, 10) : 0);
    const attrs = {
      pads: o.pads ?? NO_PADS, strideH: o.stride?.[0] ?? 1, strideW: o.stride?.[1] ?? 1,
      dilationH: o.dilation?.[0] ?? 1, dilationW: o.dilation?.[1] ?? 1, activation: o.activation ?? 'none',
    };
    const out = depthwise
      ? g.op('depthwise_conv2d', { ...attrs, depthMultiplier: o.outC / c }, inputs, { dtype: o.dtype, ...(outQuant ? { quant: outQuant } : {}) })
      : g.op('conv2d', attrs, inputs, { dtype: o.dtype, ...(outQuant ? { quant: outQuant } : {}) });
    void n; void h; void w;
    return g.graph('conv', [out]);
  };
}

function dense(dtype: 'i8' | 'i16' | 'f32', batches: number, depth: number, units: number, opts: { perChannel?: boolean; weightZeroPoint?: number; activation?: FusedActivation } = {}): Build {
  return (r) => {
    const g = new GraphBuilder();
    const isFloat = dtype === 'f32';
    const x = g.input(dtype, [batches, depth], dtype === 'i8' ? perTensor(0.04, r.int(-30, 30)) : dtype === 'i16' ? perTensor(1 / 4096) : undefined);
    const wq = isFloat ? undefined : opts.perChannel ? perChannel(r, units, 0) : perTensor(0.02, opts.weightZeroPoint ?? 0);
    const wt = g.constant(isFloat ? 'f32' : 'i8', [units, depth], randomData(r, isFloat ? 'f32' : 'i8', units * depth, isFloat ? [-0.3, 0.3] : [-127, 127]), wq);
    const biasType: DType = isFloat ? 'f32' : dtype === 'i16' ? 'i64' : 'i32';
    const b = g.constant(biasType, [units], randomData(r, biasType, units, isFloat ? [-0.1, 0.1] : [-5000, 5000]));
    const outQ = isFloat ? undefined : perTensor(dtype === 'i8' ? 0.04 * 0.02 * Math.sqrt(depth) * 30 : (0.02 * Math.sqrt(depth) * 30) / 4096, dtype === 'i8' ? r.int(-10, 10) : 0);
    const out = g.op('fully_connected', { activation: opts.activation ?? 'none', keepNumDims: false }, [x, wt, b], { dtype, ...(outQ ? { quant: outQ } : {}) });
    return g.graph('dense', [out]);
  };
}

function binary(kind: 'add' | 'sub' | 'mul', dtype: 'i8' | 'i16' | 'f32', a: number[], b: number[], activation: FusedActivation = 'none'): Build {
  return (r) => {
    const g = new GraphBuilder();
    const q = (): ReturnType<typeof perTensor> | undefined => (dtype === 'i8' ? perTensor(r.float(0.02, 0.08), r.int(-20, 20)) : dtype === 'i16' ? perTensor(r.float(1, 3) / 8192) : undefined);
    const x = g.input(dtype, a, q());
    const y = g.input(dtype, b, q());
    const outQ = dtype === 'f32' ? undefined : dtype === 'i8' ? perTensor(kind === 'mul' ? 0.05 : 0.1, r.int(-10, 10)) : perTensor(kind === 'mul' ? 1 / 16384 : 1 / 4096);
    const out = g.op(kind, { activation, potScaleInt16: false }, [x, y], { dtype, ...(outQ ? { quant: outQ } : {}) });
    return g.graph(kind, [out]);
  };
}

function activation(kind: 'relu' | 'relu6' | 'relu_n1_to_1' | 'leaky_relu' | 'logistic' | 'tanh', dtype: 'i8' | 'i16' | 'f32'): Build {
  return (r) => {
    const g = new GraphBuilder();
    const inQ = dtype === 'i8' ? perTensor(kind === 'logistic' || kind === 'tanh' ? 0.06 : 0.05, r.int(-20, 20)) : dtype === 'i16' ? perTensor(1 / 2048) : undefined;
    const x = g.input(dtype, [2, 3, 17], inQ);
    let outQ = inQ && perTensor(dtype === 'i8' ? 0.03 : 1 / 4096, dtype === 'i8' ? r.int(-10, 10) : 0);
    if (kind === 'logistic') outQ = perTensor(1 / 256, -128);
    if (kind === 'tanh') outQ = perTensor(1 / 128, 0);
    const attrs = kind === 'leaky_relu' ? { alpha: Math.fround(0.2) } : {};
    const out = g.op(kind, attrs as never, [x], { dtype, ...(outQ ? { quant: outQ } : {}) });
    return g.graph(kind, [out]);
  };
}

function unary(build: (g: GraphBuilder, r: Random) => number): Build {
  return (r) => {
    const g = new GraphBuilder();
    return g.graph('op', [build(g, r)]);
  };
}

const i8q = (r: Random) => perTensor(0.05, r.int(-10, 10));

const CASES: Record<string, Build> = {
  conv_int8_grouped_same_stride2: conv({ kind: 'conv2d', dtype: 'i8', input: [1, 9, 10, 8], outC: 6, kernel: [3, 3], stride: [2, 2], pads: { top: 1, left: 1, bottom: 1, right: 1 }, groups: 2, activation: 'relu' }),
  conv_int8_dilated_batched: conv({ kind: 'conv2d', dtype: 'i8', input: [2, 9, 9, 3], outC: 5, kernel: [3, 2], dilation: [2, 3], pads: { top: 2, left: 1, bottom: 2, right: 2 }, activation: 'relu6' }),
  conv_int8_no_bias_1x1: conv({ kind: 'conv2d', dtype: 'i8', input: [1, 4, 5, 7], outC: 9, kernel: [1, 1], bias: 'none' }),
  conv_int8_all_border: conv({ kind: 'conv2d', dtype: 'i8', input: [1, 2, 2, 3], outC: 4, kernel: [3, 3], pads: { top: 1, left: 1, bottom: 1, right: 1 } }),
  conv_int16_int32_bias: conv({ kind: 'conv2d', dtype: 'i16', input: [1, 5, 6, 4], outC: 5, kernel: [3, 3], pads: { top: 1, left: 1, bottom: 1, right: 1 }, bias: 'i32' }),
  conv_int16_int64_bias_stride: conv({ kind: 'conv2d', dtype: 'i16', input: [1, 7, 6, 3], outC: 4, kernel: [2, 3], stride: [2, 1] }),
  conv_float_relu6_same: conv({ kind: 'conv2d', dtype: 'f32', input: [1, 6, 7, 5], outC: 6, kernel: [3, 3], pads: { top: 1, left: 1, bottom: 1, right: 1 }, activation: 'relu6' }),
  conv_float_grouped_dilated: conv({ kind: 'conv2d', dtype: 'f32', input: [1, 8, 8, 4], outC: 4, kernel: [2, 2], dilation: [2, 2], groups: 4 }),
  depthwise_int8_multiplier2_stride2: conv({ kind: 'depthwise_conv2d', dtype: 'i8', input: [1, 9, 8, 3], outC: 6, kernel: [3, 3], stride: [2, 2], pads: { top: 1, left: 1, bottom: 1, right: 0 }, activation: 'relu' }),
  depthwise_int8_dilated_batched: conv({ kind: 'depthwise_conv2d', dtype: 'i8', input: [2, 8, 9, 4], outC: 4, kernel: [3, 3], dilation: [2, 2], pads: { top: 2, left: 2, bottom: 2, right: 2 } }),
  depthwise_int8_large_window: conv({ kind: 'depthwise_conv2d', dtype: 'i8', input: [1, 8, 8, 2], outC: 2, kernel: [6, 5], pads: { top: 2, left: 2, bottom: 3, right: 2 } }),
  depthwise_int16: conv({ kind: 'depthwise_conv2d', dtype: 'i16', input: [1, 6, 6, 5], outC: 5, kernel: [3, 3], pads: { top: 1, left: 1, bottom: 1, right: 1 } }),
  depthwise_float: conv({ kind: 'depthwise_conv2d', dtype: 'f32', input: [1, 6, 7, 3], outC: 6, kernel: [3, 3], stride: [1, 2], pads: { top: 1, left: 1, bottom: 1, right: 1 }, activation: 'relu_n1_to_1' }),
  dense_int8_per_channel_batched: dense('i8', 3, 20, 7, { perChannel: true, activation: 'relu' }),
  dense_int8_asymmetric_weights: dense('i8', 2, 16, 6, { weightZeroPoint: 4 }),
  dense_int16: dense('i16', 2, 24, 5),
  dense_float: dense('f32', 4, 13, 9, { activation: 'relu6' }),
  transpose_conv_int8_stride2: (r) => {
    const g = new GraphBuilder();
    const x = g.input('i8', [1, 4, 5, 3], perTensor(0.05, r.int(-10, 10)));
    const f = g.constant('i8', [4, 3, 3, 3], randomData(r, 'i8', 108, [-127, 127]), perChannel(r, 4, 0));
    const b = g.constant('i32', [4], randomData(r, 'i32', 4, [-3000, 3000]));
    const out = g.op('transpose_conv2d', { pads: { top: 1, left: 0, bottom: 0, right: 1 }, strideH: 2, strideW: 2, activation: 'none' }, [x, f, b], { dtype: 'i8', quant: perTensor(0.2, 3), shape: [1, 8, 10, 4] });
    return g.graph('tconv', [out]);
  },
  transpose_conv_float: (r) => {
    const g = new GraphBuilder();
    const x = g.input('f32', [1, 3, 4, 2]);
    const f = g.constant('f32', [3, 2, 3, 2], randomData(r, 'f32', 36));
    const out = g.op('transpose_conv2d', { pads: NO_PADS, strideH: 2, strideW: 1, activation: 'none' }, [x, f], { dtype: 'f32', shape: [1, 6, 6, 3] });
    return g.graph('tconv', [out]);
  },
  avg_pool_int8_padded: unary((g, r) => {
    const q = i8q(r);
    return g.op('avg_pool2d', { pads: { top: 1, left: 1, bottom: 1, right: 1 }, strideH: 2, strideW: 2, filterH: 3, filterW: 3, activation: 'relu' }, [g.input('i8', [2, 7, 6, 3], q)], { dtype: 'i8', quant: q });
  }),
  avg_pool_int16: unary((g) => g.op('avg_pool2d', { pads: NO_PADS, strideH: 1, strideW: 1, filterH: 2, filterW: 3, activation: 'none' }, [g.input('i16', [1, 4, 5, 2], perTensor(1 / 4096))], { dtype: 'i16', quant: perTensor(1 / 4096) })),
  max_pool_float_padded: unary((g) => g.op('max_pool2d', { pads: { top: 0, left: 1, bottom: 1, right: 0 }, strideH: 2, strideW: 2, filterH: 2, filterW: 2, activation: 'none' }, [g.input('f32', [1, 5, 5, 3])], { dtype: 'f32' })),
  avg_pool_float: unary((g) => g.op('avg_pool2d', { pads: { top: 1, left: 1, bottom: 1, right: 1 }, strideH: 1, strideW: 1, filterH: 3, filterW: 3, activation: 'relu6' }, [g.input('f32', [1, 4, 4, 2])], { dtype: 'f32' })),
  add_int8_broadcast_relu: binary('add', 'i8', [1, 4, 5, 3], [3], 'relu'),
  sub_int8_broadcast: binary('sub', 'i8', [2, 3], [2, 1]),
  mul_int8_broadcast: binary('mul', 'i8', [2, 1, 4], [3, 1]),
  add_int16: binary('add', 'i16', [3, 7], [3, 7]),
  sub_int16_broadcast: binary('sub', 'i16', [2, 5, 4], [4]),
  mul_int16: binary('mul', 'i16', [4, 6], [1, 6]),
  add_float_relu6: binary('add', 'f32', [2, 3, 4], [2, 3, 4], 'relu6'),
  mul_float_broadcast: binary('mul', 'f32', [3, 1], [1, 5]),
  relu_int8: activation('relu', 'i8'),
  relu6_int8: activation('relu6', 'i8'),
  relu_n1_to_1_int8: activation('relu_n1_to_1', 'i8'),
  relu_int16: activation('relu', 'i16'),
  relu_float: activation('relu', 'f32'),
  leaky_relu_int8: activation('leaky_relu', 'i8'),
  leaky_relu_float: activation('leaky_relu', 'f32'),
  logistic_int8: activation('logistic', 'i8'),
  tanh_int8: activation('tanh', 'i8'),
  logistic_float: activation('logistic', 'f32'),
  tanh_float: activation('tanh', 'f32'),
  mean_int8_spatial: unary((g, r) => g.op('mean', { axes: [1, 2], keepDims: true }, [g.input('i8', [1, 5, 6, 4], i8q(r))], { dtype: 'i8', quant: perTensor(0.02, 2) })),
  mean_int8_general: unary((g, r) => g.op('mean', { axes: [2], keepDims: false }, [g.input('i8', [2, 3, 7, 2], i8q(r))], { dtype: 'i8', quant: perTensor(0.04, -3) })),
  mean_int16_spatial: unary((g) => g.op('mean', { axes: [1, 2], keepDims: true }, [g.input('i16', [1, 4, 4, 3], perTensor(1 / 4096))], { dtype: 'i16', quant: perTensor(1 / 8192) })),
  mean_float_two_axes: unary((g) => g.op('mean', { axes: [1, 3], keepDims: false }, [g.input('f32', [2, 3, 4, 5])], { dtype: 'f32' })),
  pad_int8_zero_point: unary((g) => {
    const q = perTensor(0.05, -3);
    return g.op('pad', { paddings: [[0, 0], [1, 2], [2, 1], [0, 0]] }, [g.input('i8', [1, 3, 4, 2], q)], { dtype: 'i8', quant: q });
  }),
  pad_int16_inner: unary((g) => g.op('pad', { paddings: [[0, 0], [0, 0], [3, 3], [1, 0]] }, [g.input('i16', [1, 2, 5, 2], perTensor(1 / 4096))], { dtype: 'i16', quant: perTensor(1 / 4096) })),
  pad_float: unary((g) => g.op('pad', { paddings: [[1, 0], [0, 2]] }, [g.input('f32', [3, 4])], { dtype: 'f32' })),
  transpose_int8_3d: unary((g, r) => {
    const q = i8q(r);
    return g.op('transpose', { perm: [2, 0, 1] }, [g.input('i8', [2, 3, 4], q)], { dtype: 'i8', quant: q });
  }),
  transpose_float_nchw: unary((g) => g.op('transpose', { perm: [0, 3, 1, 2] }, [g.input('f32', [1, 4, 5, 3])], { dtype: 'f32' })),
  strided_slice_negative_step: unary((g, r) => {
    const q = i8q(r);
    return g.op('strided_slice', { begin: [3, 0, 0], end: [-1, 6, 3], strides: [-1, 2, 1], squeeze: [] }, [g.input('i8', [4, 6, 3], q)], { dtype: 'i8', quant: q });
  }),
  strided_slice_squeeze: unary((g) => g.op('strided_slice', { begin: [0, 1, 0], end: [2, 2, 5], strides: [1, 1, 2], squeeze: [1] }, [g.input('i16', [2, 3, 5], perTensor(1 / 4096))], { dtype: 'i16', quant: perTensor(1 / 4096) })),
  concat_int8_three: (r) => {
    const g = new GraphBuilder();
    const q = i8q(r);
    const c = g.constant('i8', [1, 1, 3], randomData(r, 'i8', 3), q);
    const out = g.op('concat', { axis: 1, activation: 'none' }, [g.input('i8', [1, 2, 3], q), c, g.input('i8', [1, 4, 3], q)], { dtype: 'i8', quant: q });
    return g.graph('concat', [out]);
  },
  concat_float_last_axis: (r) => {
    void r;
    const g = new GraphBuilder();
    const out = g.op('concat', { axis: -1, activation: 'none' }, [g.input('f32', [2, 3, 2]), g.input('f32', [2, 3, 5])], { dtype: 'f32' });
    return g.graph('concat', [out]);
  },
  quantize_float_to_int8: unary((g) => g.op('quantize', {}, [g.input('f32', [3, 11])], { dtype: 'i8', quant: perTensor(0.01, 5) })),
  quantize_float_to_int16: unary((g) => g.op('quantize', {}, [g.input('f32', [2, 9])], { dtype: 'i16', quant: perTensor(1 / 16384) })),
  requantize_int8: unary((g) => g.op('quantize', {}, [g.input('i8', [20], perTensor(0.05, 7))], { dtype: 'i8', quant: perTensor(0.03, -4) })),
  requantize_int16_to_int8: unary((g) => g.op('quantize', {}, [g.input('i16', [20], perTensor(1 / 2048))], { dtype: 'i8', quant: perTensor(0.02, 1) })),
  dequantize_int8: unary((g) => g.op('dequantize', {}, [g.input('i8', [4, 5], perTensor(0.037, -9))], { dtype: 'f32' })),
  dequantize_int16: unary((g) => g.op('dequantize', {}, [g.input('i16', [13], perTensor(1 / 3000))], { dtype: 'f32' })),
  softmax_float_beta: unary((g) => g.op('softmax', { beta: Math.fround(0.7) }, [g.input('f32', [3, 10])], { dtype: 'f32' })),
  softmax_int8_rows: unary((g) => g.op('softmax', { beta: 1 }, [g.input('i8', [2, 3, 12], perTensor(0.1, 4))], { dtype: 'i8', quant: perTensor(1 / 256, -128) })),
  reshape_int8: unary((g, r) => {
    const q = i8q(r);
    return g.op('reshape', {}, [g.input('i8', [2, 6], q)], { dtype: 'i8', quant: q, shape: [3, 4] });
  }),
};

testOpCases(CASES, [GCC_O2_STRICT, GCC_SANITIZE]);
