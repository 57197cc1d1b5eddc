/**
 * The C kernels' ONNX modes on configurations the ONNX node tests reach
 * only thinly: uint8 and int8 convolutions (plain, grouped, depthwise,
 * dense) with per-tensor and per-channel weight zero points, ONNX's float
 * requantization and raw int32 outputs; integer batch matmuls with
 * per-column zero points and broadcast batches; plain-integer (wrapping)
 * and ONNX-quantized element-wise arithmetic, including division by zero
 * and INT32_MIN / −1, and maximum / minimum; the unary family in float and integers; reductions;
 * gathers; QuantizeLinear and per-axis DequantizeLinear; uint8 pooling.
 * Seeded random scales, zero points, weights and inputs; every case is
 * built with gcc -O2 and with ASan+UBSan (-Werror -pedantic) and must equal
 * the reference executor: integers exactly, floats within the tolerance.
 */
import type { RunInput } from '../../compiler/exec/reference.js';
import { elementCount, type DType, type Graph, type OpKind, type Pads2d, type QuantParams } from '../../compiler/ir/index.js';
import { GCC_O2_STRICT, GCC_SANITIZE } from '../helpers/c-bundles.js';
import { testOpCases, type Build, type OpCase } from '../helpers/c-op-cases.js';
import { GraphBuilder, perTensor, Random, randomData } from '../helpers/op-graphs.js';

type IntType = 'u8' | 'i8';
const RANGE: Record<IntType, [number, number]> = { u8: [0, 255], i8: [-128, 127] };
const PADS: Pads2d = { top: 1, left: 1, bottom: 1, right: 0 };
const NO_PADS: Pads2d = { top: 0, left: 0, bottom: 0, right: 0 };

/** A zero point typical of the type (around the middle for uint8). */
const zeroPoint = (r: Random, t: IntType): number => (t === 'u8' ? r.int(100, 150) : r.int(-20, 20));

/** Weight quantization: per-channel scales, and no, one, or per-channel zero points. */
function weightQuant(r: Random, t: IntType, channels: number, axis: number, zp: 'none' | 'tensor' | 'channel'): QuantParams {
  const scales = zp === 'tensor' ? [r.float(0.003, 0.01)] : Array.from({ length: channels }, () => r.float(0.003, 0.01));
  const zps = scales.map(() => (zp === 'none' ? 0 : t === 'u8' ? r.int(100, 150) : r.int(-10, 10)));
  return { scale: scales, zeroPoint: zps, axis };
}

interface ConvCase {
  kind: 'conv2d' | 'depthwise_conv2d' | 'fully_connected';
  input: number[];
  inType: IntType;
  wType: IntType;
  /** Output channels (units for dense). */
  outC: number;
  kernel?: [number, number];
  stride?: number;
  pads?: Pads2d;
  groups?: number;
  weightZp: 'none' | 'tensor' | 'channel';
  /** Output type; i32 is the raw accumulator (ConvInteger, MatMulInteger). */
  out: IntType | 'i32';
  bias?: boolean;
}

function onnxConv(o: ConvCase): Build {
  return (r) => {
    const g = new GraphBuilder();
    const inQ = perTensor(0.02, zeroPoint(r, o.inType));
    const x = g.input(o.inType, o.input, inQ);
    const c = o.input[o.input.length - 1]!;
    const [kh, kw] = o.kernel ?? [1, 1];
    const shape = o.kind === 'fully_connected' ? [o.outC, c] : o.kind === 'depthwise_conv2d' ? [1, kh, kw, o.outC] : [o.outC, kh, kw, c / (o.groups ?? 1)];
    const axis = o.kind === 'depthwise_conv2d' ? 3 : 0;
    const wQ = weightQuant(r, o.wType, o.outC, axis, o.weightZp);
    const wt = g.constant(o.wType, shape, randomData(r, o.wType, elementCount(shape), RANGE[o.wType]), wQ);
    const inputs = [x, wt];
    if (o.bias ?? true) inputs.push(g.constant('i32', [o.outC], randomData(r, 'i32', o.outC, [-2000, 2000])));
    const taps = elementCount(shape) / o.outC;
    const outQ = o.out === 'i32' ? undefined : perTensor((0.02 * (wQ.scale[0] ?? 0.005) * 3000 * Math.sqrt(taps)) / 40, zeroPoint(r, o.out));
    const out = { dtype: o.out as DType, ...(outQ ? { quant: outQ } : {}) };
    const spatial = { pads: o.pads ?? NO_PADS, strideH: o.stride ?? 1, strideW: o.stride ?? 1, dilationH: 1, dilationW: 1, activation: 'none' as const, rounding: 'onnx' as const };
    let y: number;
    if (o.kind === 'fully_connected') y = g.op('fully_connected', { activation: 'none', keepNumDims: false, rounding: 'onnx' }, inputs, out);
    else if (o.kind === 'depthwise_conv2d') y = g.op('depthwise_conv2d', { ...spatial, depthMultiplier: o.outC / c }, inputs, out);
    else y = g.op('conv2d', spatial, inputs, out);
    return g.graph(o.kind, [y]);
  };
}

function matmul(a: number[], b: number[], types: [IntType, IntType] | 'f32', out: IntType | 'i32' | 'f32', columnZps: boolean): Build {
  return (r) => {
    const g = new GraphBuilder();
    if (types === 'f32') {
      const y = g.op('batch_matmul', {}, [g.input('f32', a), g.input('f32', b)], { dtype: 'f32' });
      return g.graph('matmul', [y]);
    }
    const n = b[b.length - 1]!;
    const x = g.input(types[0], a, perTensor(0.03, zeroPoint(r, types[0])));
    const bq = weightQuant(r, types[1], n, b.length - 1, columnZps ? 'channel' : 'tensor');
    const w = g.input(types[1], b, bq);
    const k = a[a.length - 1]!;
    const outQ = out === 'i32' ? undefined : perTensor((0.03 * (bq.scale[0] ?? 0.005) * 3000 * Math.sqrt(k)) / 40, zeroPoint(r, out as IntType));
    const y = g.op('batch_matmul', { rounding: 'onnx' }, [x, w], { dtype: out, ...(outQ ? { quant: outQ } : {}) });
    return g.graph('matmul', [y]);
  };
}

/** Element-wise binary op on plain integers (wrapping) or ONNX-quantized tensors. */
function binary(kind: 'add' | 'sub' | 'mul' | 'div' | 'maximum' | 'minimum', dtype: DType, a: number[], b: number[], quantized: boolean): Build {
  return (r) => {
    const g = new GraphBuilder();
    const q = (): QuantParams | undefined => (quantized ? perTensor(r.float(0.01, 0.05), zeroPoint(r, dtype as IntType)) : undefined);
    const x = g.input(dtype, a, q());
    const y = g.input(dtype, b, q());
    const out = g.op(kind, { activation: 'none', potScaleInt16: false, ...(quantized ? { rounding: 'onnx' as const } : {}) }, [x, y], { dtype, ...(quantized ? { quant: perTensor(kind === 'mul' ? 0.02 : 0.05, zeroPoint(r, dtype as IntType)) } : {}) });
    return g.graph(kind, [out]);
  };
}

/** Inputs where every fourth element is an edge value (0, −1, the type's minimum), the rest random. */
function edgyInputs(r: Random, g: Graph): RunInput[] {
  return g.inputs.map((i) => {
    const t = g.tensors[i]!;
    const data = randomData(r, t.dtype, elementCount(t.shape));
    const edges = t.dtype === 'i32' ? [0, -1, -2147483648] : t.dtype === 'i8' ? [0, -1, -128] : t.dtype === 'i16' ? [0, -1, -32768] : [0, 1, 255];
    for (let k = 0; k < data.length; k += 4) data[k] = edges[r.int(0, edges.length - 1)]!;
    return { dtype: t.dtype, shape: t.shape, data };
  });
}

function unary<K extends OpKind>(kind: K, dtype: DType, attrs: Record<string, number>, range?: [number, number]): OpCase {
  const build: Build = () => {
    const g = new GraphBuilder();
    const y = g.op(kind, attrs as never, [g.input(dtype, [3, 2, 9])], { dtype });
    return g.graph(kind, [y]);
  };
  if (!range) return build;
  return { build, inputs: (r, g) => g.inputs.map((i) => ({ dtype, shape: g.tensors[i]!.shape, data: randomData(r, dtype, elementCount(g.tensors[i]!.shape), range) })) };
}

function reduce(kind: 'reduce_sum' | 'reduce_prod' | 'reduce_max' | 'reduce_min', dtype: DType, shape: number[], axes: number[], keepDims: boolean): Build {
  return () => {
    const g = new GraphBuilder();
    const q = dtype !== 'f32' && (kind === 'reduce_max' || kind === 'reduce_min') ? perTensor(0.1, 3) : undefined;
    const y = g.op(kind, { axes, keepDims }, [g.input(dtype, shape, q)], { dtype, ...(q ? { quant: q } : {}) });
    return g.graph(kind, [y]);
  };
}

function gather(dtype: DType, shape: number[], axis: number, indices: number[], indexShape: number[]): Build {
  return () => {
    const g = new GraphBuilder();
    const idx = g.constant('i32', indexShape, Int32Array.from(indices));
    const y = g.op('gather', { axis }, [g.input(dtype, shape), idx], { dtype });
    return g.graph('gather', [y]);
  };
}

/**
 * QuantizeLinear. With `ties`, every scale is 1/64 and inputs include exact
 * halves (k + 0.5)/64, so round half to even is exercised; inputs also hold
 * NaN, infinity and values far beyond the type's range.
 */
function quantizeLinear(dtype: 'u8' | 'i8' | 'i16' | 'i32', shape: number[], axis: number | undefined, ties = false): OpCase {
  return {
    build: (r) => {
      const g = new GraphBuilder();
      const channels = axis === undefined ? 1 : shape[axis]!;
      const zp = (): number => (dtype === 'u8' ? r.int(0, 255) : dtype === 'i8' ? r.int(-128, 127) : r.int(-300, 300));
      const q: QuantParams = { scale: Array.from({ length: channels }, () => (ties ? 1 / 64 : r.float(0.002, 0.05))), zeroPoint: Array.from({ length: channels }, zp), axis: axis ?? 0 };
      const y = g.op('quantize_linear', {}, [g.input('f32', shape)], { dtype, quant: q });
      return g.graph('quantize_linear', [y]);
    },
    inputs: (r, g) => g.inputs.map((i) => {
      const t = g.tensors[i]!;
      const data = randomData(r, 'f32', elementCount(t.shape), [-20, 20]) as Float32Array;
      data[0] = NaN;
      data[1] = Infinity;
      data[2] = -3e9;
      if (ties) for (let k = 3; k < Math.min(data.length, 20); k++) data[k] = (r.int(-200, 200) + 0.5) / 64;
      return { dtype: 'f32', shape: t.shape, data };
    }),
  };
}

function dequantizeAxis(dtype: 'u8' | 'i8' | 'i32', shape: number[], axis: number): Build {
  return (r) => {
    const g = new GraphBuilder();
    const channels = shape[axis]!;
    const q: QuantParams = { scale: Array.from({ length: channels }, () => r.float(0.001, 0.1)), zeroPoint: Array.from({ length: channels }, () => (dtype === 'u8' ? r.int(0, 255) : r.int(-100, 100))), axis };
    const y = g.op('dequantize', {}, [g.input(dtype, shape, q)], { dtype: 'f32' });
    return g.graph('dequantize', [y]);
  };
}

function poolU8(kind: 'max_pool2d' | 'avg_pool2d'): Build {
  return (r) => {
    const g = new GraphBuilder();
    const q = perTensor(0.05, r.int(100, 150));
    const y = g.op(kind, { pads: PADS, strideH: 2, strideW: 1, filterH: 3, filterW: 2, activation: 'none' }, [g.input('u8', [2, 6, 5, 3], q)], { dtype: 'u8', quant: q });
    return g.graph(kind, [y]);
  };
}

const CASES: Record<string, OpCase> = {
  qlinearconv_u8_u8_channel_zps_padded: onnxConv({ kind: 'conv2d', input: [1, 6, 7, 5], inType: 'u8', wType: 'u8', outC: 6, kernel: [3, 3], pads: PADS, weightZp: 'channel', out: 'u8' }),
  qlinearconv_u8_i8_symmetric_stride2: onnxConv({ kind: 'conv2d', input: [2, 8, 7, 4], inType: 'u8', wType: 'i8', outC: 9, kernel: [3, 2], stride: 2, pads: PADS, weightZp: 'none', out: 'u8' }),
  qlinearconv_i8_i8_tensor_zp_grouped: onnxConv({ kind: 'conv2d', input: [1, 5, 5, 6], inType: 'i8', wType: 'i8', outC: 4, kernel: [2, 2], groups: 2, weightZp: 'tensor', out: 'i8' }),
  qlinearconv_i8_no_bias_1x1: onnxConv({ kind: 'conv2d', input: [1, 4, 4, 8], inType: 'i8', wType: 'i8', outC: 5, weightZp: 'none', out: 'i8', bias: false }),
  convinteger_u8_u8_i32: onnxConv({ kind: 'conv2d', input: [1, 5, 6, 3], inType: 'u8', wType: 'u8', outC: 4, kernel: [3, 3], pads: PADS, weightZp: 'tensor', out: 'i32', bias: false }),
  convinteger_i8_channel_zps_i32: onnxConv({ kind: 'conv2d', input: [1, 4, 5, 2], inType: 'i8', wType: 'i8', outC: 3, kernel: [2, 3], weightZp: 'channel', out: 'i32', bias: false }),
  depthwise_u8_channel_zps: onnxConv({ kind: 'depthwise_conv2d', input: [1, 7, 6, 4], inType: 'u8', wType: 'u8', outC: 8, kernel: [3, 3], pads: PADS, weightZp: 'channel', out: 'u8' }),
  depthwise_u8_i8_symmetric_stride2: onnxConv({ kind: 'depthwise_conv2d', input: [1, 8, 8, 3], inType: 'u8', wType: 'i8', outC: 3, kernel: [3, 3], stride: 2, pads: PADS, weightZp: 'none', out: 'u8' }),
  dense_u8_i8_symmetric: onnxConv({ kind: 'fully_connected', input: [3, 20], inType: 'u8', wType: 'i8', outC: 7, weightZp: 'none', out: 'u8' }),
  dense_u8_u8_channel_zps: onnxConv({ kind: 'fully_connected', input: [2, 13], inType: 'u8', wType: 'u8', outC: 6, weightZp: 'channel', out: 'i8' }),
  dense_i8_integer_i32: onnxConv({ kind: 'fully_connected', input: [2, 9], inType: 'i8', wType: 'i8', outC: 5, weightZp: 'tensor', out: 'i32', bias: false }),
  matmul_u8_i8_broadcast_columns: matmul([2, 3, 4, 6], [1, 6, 5], ['u8', 'i8'], 'u8', true),
  matmul_i8_u8_per_tensor: matmul([5, 7], [7, 3], ['i8', 'u8'], 'i8', false),
  matmul_integer_u8_u8_i32: matmul([2, 3, 5], [2, 5, 4], ['u8', 'u8'], 'i32', true),
  matmul_float_broadcast: matmul([3, 1, 4, 5], [2, 5, 3], 'f32', 'f32', false),
  add_int8_wrapping_broadcast: binary('add', 'i8', [3, 4], [4], false),
  sub_uint8_wrapping: binary('sub', 'u8', [2, 9], [2, 9], false),
  mul_int16_wrapping: binary('mul', 'i16', [4, 5], [4, 1], false),
  mul_int32_wrapping: binary('mul', 'i32', [17], [17], false),
  add_int32_wrapping: binary('add', 'i32', [3, 5], [5], false),
  div_int8_truncating: { build: binary('div', 'i8', [4, 6], [4, 6], false), inputs: edgyInputs },
  div_int32_edges: { build: binary('div', 'i32', [40], [40], false), inputs: edgyInputs },
  div_uint8: { build: binary('div', 'u8', [3, 7], [7], false), inputs: edgyInputs },
  div_float_broadcast: binary('div', 'f32', [2, 3, 4], [3, 1], false),
  maximum_float_broadcast: binary('maximum', 'f32', [2, 3, 4], [3, 1], false),
  // Constants with infinities and a NaN (an attention mask's −inf): math.h's INFINITY and NAN in the weights file.
  add_float_nonfinite_constant: () => {
    const g = new GraphBuilder();
    const mask = g.constant('f32', [5], new Float32Array([0, -Infinity, Infinity, NaN, -0.5]));
    return g.graph('nonfinite', [g.op('add', { activation: 'none', potScaleInt16: false }, [g.input('f32', [3, 5]), mask], { dtype: 'f32' })]);
  },
  compare_less_float_broadcast: () => {
    const g = new GraphBuilder();
    return g.graph('less', [g.op('compare', { test: 'less' }, [g.input('f32', [3, 8]), g.input('f32', [8])], { dtype: 'bool' })]);
  },
  compare_equal_int16: { build: () => {
    const g = new GraphBuilder();
    return g.graph('equal', [g.op('compare', { test: 'equal' }, [g.input('i16', [40]), g.input('i16', [40])], { dtype: 'bool' })]);
  }, inputs: edgyInputs },
  compare_xor_bool: () => {
    const g = new GraphBuilder();
    return g.graph('xor', [g.op('compare', { test: 'xor' }, [g.input('bool', [4, 6]), g.input('bool', [6])], { dtype: 'bool' })]);
  },
  where_float_broadcast: () => {
    const g = new GraphBuilder();
    return g.graph('where', [g.op('where', {}, [g.input('bool', [3, 1]), g.input('f32', [3, 5]), g.input('f32', [5])], { dtype: 'f32' })]);
  },
  gather_elements_runtime_indices_clamped: { build: () => {
    const g = new GraphBuilder();
    return g.graph('gather_elements', [g.op('gather_elements', { axis: 1 }, [g.input('f32', [3, 6]), g.input('i32', [3, 4])], { dtype: 'f32' })]);
  }, inputs: (r, g) => [
    { dtype: 'f32', shape: [3, 6], data: randomData(r, 'f32', 18) },
    { dtype: 'i32', shape: [3, 4], data: Int32Array.from({ length: 12 }, () => r.int(-9, 9)) },
  ] },
  where_int8: () => {
    const g = new GraphBuilder();
    return g.graph('where', [g.op('where', {}, [g.input('bool', [20]), g.input('i8', [20]), g.input('i8', [1])], { dtype: 'i8' })]);
  },
  minimum_int32_edges: { build: binary('minimum', 'i32', [40], [40], false), inputs: edgyInputs },
  maximum_uint8_broadcast: { build: binary('maximum', 'u8', [3, 7], [7], false), inputs: edgyInputs },
  minimum_int8: { build: binary('minimum', 'i8', [4, 6], [4, 6], false), inputs: edgyInputs },
  qlinearadd_u8_broadcast: binary('add', 'u8', [2, 3, 5], [5], true),
  qlinearmul_i8: binary('mul', 'i8', [4, 6], [4, 6], true),
  qlinearsub_u8: binary('sub', 'u8', [3, 4], [1, 4], true),
  clip_float: unary('clip', 'f32', { min: Math.fround(-0.3), max: Math.fround(0.55) }),
  clip_float_crossed_bounds: unary('clip', 'f32', { min: 0.5, max: -0.5 }),
  clip_int8: unary('clip', 'i8', { min: -20, max: 100 }),
  clip_uint8_unbounded_above: unary('clip', 'u8', { min: 40, max: Infinity }),
  hard_sigmoid_float: unary('hard_sigmoid', 'f32', { alpha: Math.fround(0.3), beta: Math.fround(0.45) }, [-5, 5]),
  hard_swish_float: unary('hard_swish', 'f32', {}, [-5, 5]),
  exp_float: unary('exp', 'f32', {}, [-10, 10]),
  log_float: unary('log', 'f32', {}, [0.001, 100]),
  sqrt_float: unary('sqrt', 'f32', {}, [0, 1000]),
  sin_float: unary('sin', 'f32', {}, [-100, 100]),
  cos_float: unary('cos', 'f32', {}, [-100, 100]),
  tan_float: unary('tan', 'f32', {}, [-1.5, 1.5]),
  asin_float: unary('asin', 'f32', {}, [-1, 1]),
  acos_float: unary('acos', 'f32', {}, [-1, 1]),
  atan_float: unary('atan', 'f32', {}, [-50, 50]),
  sinh_float: unary('sinh', 'f32', {}, [-10, 10]),
  cosh_float: unary('cosh', 'f32', {}, [-10, 10]),
  asinh_float: unary('asinh', 'f32', {}, [-100, 100]),
  acosh_float: unary('acosh', 'f32', {}, [1, 100]),
  atanh_float: unary('atanh', 'f32', {}, [-0.99, 0.99]),
  erf_float: unary('erf', 'f32', {}, [-4, 4]),
  floor_float: unary('floor', 'f32', {}, [-10, 10]),
  ceil_float: unary('ceil', 'f32', {}, [-10, 10]),
  round_float_ties: { build: unary('round', 'f32', {}) as Build, inputs: (r, g) => g.inputs.map((i) => ({ dtype: 'f32' as const, shape: g.tensors[i]!.shape, data: Float32Array.from({ length: elementCount(g.tensors[i]!.shape) }, () => r.int(-20, 20) / 2) })) },
  sign_float: unary('sign', 'f32', {}),
  sign_int8: { build: unary('sign', 'i8', {}) as Build, inputs: edgyInputs },
  reciprocal_float: unary('reciprocal', 'f32', {}, [0.01, 50]),
  abs_float: unary('abs', 'f32', {}),
  abs_int8_minimum_wraps: { build: unary('abs', 'i8', {}) as Build, inputs: edgyInputs },
  abs_int32: { build: unary('abs', 'i32', {}) as Build, inputs: edgyInputs },
  neg_int16: { build: unary('neg', 'i16', {}) as Build, inputs: edgyInputs },
  neg_uint8: { build: unary('neg', 'u8', {}) as Build, inputs: edgyInputs },
  neg_float: unary('neg', 'f32', {}),
  reduce_sum_float_middle: reduce('reduce_sum', 'f32', [3, 4, 5], [1], false),
  reduce_sum_float_two_axes: reduce('reduce_sum', 'f32', [2, 3, 4, 5], [0, 2], true),
  reduce_sum_int32_wrapping: reduce('reduce_sum', 'i32', [4, 6], [1], false),
  reduce_sum_int8_all: reduce('reduce_sum', 'i8', [3, 5], [0, 1], true),
  reduce_max_float: reduce('reduce_max', 'f32', [4, 3, 2], [0, 2], false),
  reduce_max_int8_quantized: reduce('reduce_max', 'i8', [2, 5, 3], [1], true),
  reduce_min_uint8: reduce('reduce_min', 'u8', [3, 7], [1], false),
  reduce_min_int16_outer: reduce('reduce_min', 'i16', [5, 4], [0], false),
  reduce_prod_float: reduce('reduce_prod', 'f32', [3, 4, 5], [1], true),
  reduce_prod_int32_wrapping: reduce('reduce_prod', 'i32', [4, 6], [1], false),
  arg_max_float_last_index: () => {
    const g = new GraphBuilder();
    return g.graph('argmax', [g.op('arg_reduce', { max: true, axis: 1, keepDims: true, selectLastIndex: true }, [g.input('f32', [3, 6, 4])], { dtype: 'i64' })]);
  },
  arg_min_int8: { build: () => {
    const g = new GraphBuilder();
    return g.graph('argmin', [g.op('arg_reduce', { max: false, axis: -1, keepDims: false, selectLastIndex: false }, [g.input('i8', [5, 7])], { dtype: 'i64' })]);
  }, inputs: edgyInputs },
  gather_float_axis1_repeated: gather('f32', [3, 5, 2], 1, [4, 0, 4, 2], [2, 2]),
  gather_int8_axis0: gather('i8', [6, 4], 0, [5, 1, 3], [3]),
  gather_uint8_last_axis: gather('u8', [2, 3, 7], 2, [6, 0], [2]),
  gather_int64_scalar_index: gather('i64', [4, 3], 0, [2], []),
  quantize_linear_u8_ties: quantizeLinear('u8', [4, 9], undefined, true),
  quantize_linear_i8_ties_axis0: quantizeLinear('i8', [4, 9], 0, true),
  quantize_linear_i8_axis1: quantizeLinear('i8', [2, 3, 5], 1),
  quantize_linear_i16_axis0: quantizeLinear('i16', [3, 8], 0),
  quantize_linear_i32: quantizeLinear('i32', [25], undefined),
  dequantize_u8_axis1: dequantizeAxis('u8', [2, 4, 3], 1),
  dequantize_i8_last_axis: dequantizeAxis('i8', [3, 5], 1),
  dequantize_i32_axis0: dequantizeAxis('i32', [3, 4], 0),
  max_pool_uint8: poolU8('max_pool2d'),
  avg_pool_uint8: poolU8('avg_pool2d'),
};

testOpCases(CASES, [GCC_O2_STRICT, GCC_SANITIZE], { seed: 0x51f15eed });
