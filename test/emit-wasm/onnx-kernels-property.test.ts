/**
 * Property tests for the WebAssembly kernels of ONNX's kinds and modes,
 * SIMD and plain, against the reference executor on random single-op
 * graphs: uint8 and int8 activations and weights with per-channel weight
 * zero points, ONNX float requantization and raw int32 outputs, wrapping
 * integer arithmetic (with division by zero), comparisons, logical ops and
 * where (NaN, ±0, broadcasting), maximum and minimum (NaN, ±0; quantized
 * with one scale), QLinear binary ops, the unary family on special values
 * (±0, ±inf, NaN, subnormals, negatives), the reductions and arg max / min
 * (ties both ways, NaN), batch matmul with broadcast batches, gather with
 * negative indices, QuantizeLinear on rounding ties, per-axis dequantization
 * and uint8 pools. Integers must be identical, floats identical bit for bit
 * except exp and log (within the project's tolerance).
 */
import test from 'ava';
import { emitWasmBundle, runWasmBundle } from '../../compiler/emit-wasm/index.js';
import { ReferenceExecutor, type RunInput } from '../../compiler/exec/reference.js';
import type { CompareTest, DType, Graph, QuantParams, TensorData } from '../../compiler/ir/index.js';
import { UNARY_MATH_KINDS, type UnaryMathKind } from '../../compiler/ops/unary.js';
import { FLOAT_ATOL, FLOAT_RTOL } from '../helpers/compare.js';
import { q, randomData, randomInputs, Rng, singleOp, type TensorSpec } from './single-op-graphs.js';

const SEEDS = [5, 6, 7];
type Case = (r: Rng) => Graph;
type IntDType = 'u8' | 'i8';

const ONNX = 'onnx' as const;
const zeroPointFor = (r: Rng, dtype: DType): number => (dtype === 'u8' ? r.int(0, 255) : dtype === 'i8' ? r.int(-128, 127) : 0);
const actQuant = (r: Rng, dtype: DType): QuantParams => q(Math.fround(r.float(0.01, 0.1)), zeroPointFor(r, dtype));
const axisQuant = (r: Rng, dtype: DType, n: number, axis: number, same = false): QuantParams => {
  const zp = zeroPointFor(r, dtype);
  return {
    scale: Array.from({ length: n }, () => Math.fround(r.float(0.002, 0.02))),
    zeroPoint: Array.from({ length: n }, () => (same ? zp : zeroPointFor(r, dtype))),
    axis,
  };
};
const pads = (r: Rng) => ({ top: r.int(0, 1), left: r.int(0, 1), bottom: r.int(0, 1), right: r.int(0, 1) });

/** The output of an integer conv-like op: quantized (float requantization) or raw int32. */
function intOutput(r: Rng, out: IntDType | 'i32'): { dtype: DType; quant?: QuantParams } {
  return out === 'i32' ? { dtype: 'i32' } : { dtype: out, quant: actQuant(r, out) };
}

function onnxConv(inDtype: IntDType, wDtype: IntDType, out: IntDType | 'i32', perChannel: boolean, groups = 1): Case {
  return (r) => {
    const groupInC = r.int(1, 6);
    const inC = groupInC * groups;
    const outC = groups * r.int(1, 5);
    const k = r.pick([1, 2, 3]);
    const filter: TensorSpec = {
      dtype: wDtype, shape: [outC, k, k, groupInC], data: randomData(r, wDtype, outC * k * k * groupInC),
      quant: axisQuant(r, wDtype, perChannel ? outC : 1, 0),
    };
    const bias: TensorSpec = { dtype: 'i32', shape: [outC], data: randomData(r, 'i32', outC, [-5000, 5000]) };
    const attrs = { pads: pads(r), strideH: r.int(1, 2), strideW: r.int(1, 2), dilationH: r.int(1, 2), dilationW: 1, activation: r.pick(['none', 'relu'] as const), rounding: ONNX };
    return singleOp('conv2d', attrs, [{ dtype: inDtype, shape: [1, r.int(3, 7), r.int(3, 7), inC], quant: actQuant(r, inDtype) }, filter, bias], intOutput(r, out));
  };
}

function onnxDepthwise(inDtype: IntDType, wDtype: IntDType, out: IntDType | 'i32'): Case {
  return (r) => {
    const inC = r.pick([3, 8, 16]);
    const dm = r.pick([1, 2]);
    const outC = inC * dm;
    const filter: TensorSpec = { dtype: wDtype, shape: [1, 3, 3, outC], data: randomData(r, wDtype, 9 * outC), quant: axisQuant(r, wDtype, outC, 3) };
    const bias: TensorSpec = { dtype: 'i32', shape: [outC], data: randomData(r, 'i32', outC, [-5000, 5000]) };
    const attrs = { pads: pads(r), strideH: r.int(1, 2), strideW: r.int(1, 2), dilationH: 1, dilationW: 1, activation: 'none' as const, depthMultiplier: dm, rounding: ONNX };
    return singleOp('depthwise_conv2d', attrs, [{ dtype: inDtype, shape: [1, r.int(3, 7), r.int(3, 7), inC], quant: actQuant(r, inDtype) }, filter, bias], intOutput(r, out));
  };
}

function onnxDense(inDtype: IntDType, wDtype: IntDType, out: IntDType | 'i32', perChannel: boolean, sameZeroPoint = false): Case {
  return (r) => {
    const [depth, units] = [r.int(1, 40), r.int(1, 11)];
    const weights: TensorSpec = { dtype: wDtype, shape: [units, depth], data: randomData(r, wDtype, units * depth), quant: axisQuant(r, wDtype, perChannel ? units : 1, 0, sameZeroPoint) };
    const bias: TensorSpec = { dtype: 'i32', shape: [units], data: randomData(r, 'i32', units, [-5000, 5000]) };
    return singleOp('fully_connected', { activation: 'none', keepNumDims: false, rounding: ONNX }, [{ dtype: inDtype, shape: [r.int(1, 3), depth], quant: actQuant(r, inDtype) }, weights, bias], intOutput(r, out));
  };
}

function matmul(dtype: 'f32' | IntDType, out: IntDType | 'i32' | 'f32', perColumn = false): Case {
  return (r) => {
    const [m, k, n] = [r.int(1, 4), r.int(1, 9), r.int(1, 11)];
    // Batch dims that broadcast: equal, one side absent, or extent 1 against 2 or 3.
    const [batchA, batchB] = r.pick([[[], []], [[2], []], [[], [3]], [[2], [2]], [[2, 1], [3]], [[1], [2, 3]]] as Array<[number[], number[]]>);
    const isFloat = dtype === 'f32';
    const a: TensorSpec = { dtype, shape: [...batchA, m, k], ...(isFloat ? {} : { quant: actQuant(r, dtype) }) };
    const bDtype = isFloat ? 'f32' : r.pick(['u8', 'i8'] as const);
    const b: TensorSpec = { dtype: bDtype, shape: [...batchB, k, n], ...(isFloat ? {} : { quant: perColumn ? axisQuant(r, bDtype, n, batchB.length + 1) : actQuant(r, bDtype) }) };
    return singleOp('batch_matmul', isFloat ? {} : { rounding: ONNX }, [a, b], out === 'f32' ? { dtype: 'f32' } : intOutput(r, out));
  };
}

function binaryInt(kind: 'add' | 'sub' | 'mul' | 'div' | 'maximum' | 'minimum', dtype: 'i8' | 'u8' | 'i16' | 'i32'): Case {
  return (r) => {
    const shape = [r.int(1, 3), r.int(1, 4), r.int(1, 5)];
    const other = shape.map((d) => (r.int(0, 2) === 0 ? 1 : d));
    return singleOp(kind, { activation: 'none', potScaleInt16: false }, [{ dtype, shape }, { dtype, shape: other.slice(r.int(0, 1)) }], { dtype });
  };
}

function binaryOnnx(kind: 'add' | 'sub' | 'mul', dtype: IntDType): Case {
  return (r) => {
    const shape = [r.int(1, 3), r.int(1, 4), r.int(1, 5)];
    const other = shape.map((d) => (r.int(0, 2) === 0 ? 1 : d));
    const attrs = { activation: r.pick(['none', 'relu'] as const), potScaleInt16: false, rounding: ONNX };
    return singleOp(kind, attrs, [{ dtype, shape, quant: actQuant(r, dtype) }, { dtype, shape: other, quant: actQuant(r, dtype) }], { dtype, quant: actQuant(r, dtype) });
  };
}

function compareCase(test: CompareTest, dtype: 'f32' | 'i8' | 'u8' | 'i16' | 'i32' | 'i64' | 'bool'): Case {
  return (r) => singleOp('compare', { test }, [{ dtype, shape: [2, 16] }, { dtype, shape: r.pick([[2, 16], [16], [1]]) }], { dtype: 'bool' });
}

type UnaryKind = 'clip' | 'hard_sigmoid' | 'hard_swish' | 'exp' | 'log' | 'sqrt' | 'reciprocal' | 'abs' | 'neg' | UnaryMathKind;

function unary(kind: UnaryKind, dtype: 'f32' | 'i8' | 'u8' | 'i16' | 'i32'): Case {
  return (r) => {
    const isFloat = dtype === 'f32';
    const attrs = kind === 'clip'
      ? (isFloat ? { min: r.pick([-Infinity, Math.fround(r.float(-0.6, 0))]), max: r.pick([Infinity, Math.fround(r.float(0, 0.6))]) } : { min: r.int(-60, 10), max: r.pick([Infinity, r.int(20, 300)]) })
      : kind === 'hard_sigmoid' ? { alpha: r.float(0.1, 0.5), beta: r.float(0.2, 0.8) } : {};
    return singleOp(kind, attrs as never, [{ dtype, shape: [r.int(1, 3), r.int(8, 20)] }], { dtype });
  };
}

function reduce(kind: 'reduce_sum' | 'reduce_prod' | 'reduce_max' | 'reduce_min', dtype: 'f32' | 'i8' | 'u8' | 'i32', quantized = false): Case {
  return (r) => {
    const shape = [r.int(1, 3), r.int(1, 4), r.int(1, 5)];
    const axes = r.pick([[0], [1], [2], [0, 2], [1, 2], [0, 1, 2], [-1]]);
    const quant = quantized ? actQuant(r, dtype) : undefined;
    return singleOp(kind, { axes, keepDims: r.int(0, 1) === 1 }, [{ dtype, shape, ...(quant ? { quant } : {}) }], { dtype, ...(quant ? { quant } : {}) });
  };
}

function gather(dtype: 'f32' | 'i8' | 'i16'): Case {
  return (r) => {
    const shape = [r.int(1, 3), r.int(2, 5), r.int(1, 4)];
    const axis = r.int(0, 2);
    const size = shape[axis]!;
    const count = r.int(1, 4);
    const indices = Int32Array.from({ length: count }, () => r.int(-size, size - 1));
    return singleOp('gather', { axis }, [{ dtype, shape }, { dtype: 'i32', shape: r.pick([[count], [1, count]]), data: indices }], { dtype });
  };
}

function quantizeLinear(dtype: 'u8' | 'i8' | 'i16' | 'i32', perAxis: boolean): Case {
  return (r) => {
    // At least 32 elements: room for rounding ties after the special values.
    const shape = [r.int(2, 3), r.int(4, 5), r.int(4, 6)];
    const axis = r.int(0, 2);
    const quant = perAxis ? axisQuant(r, dtype, shape[axis]!, axis) : actQuant(r, dtype);
    return singleOp('quantize_linear', {}, [{ dtype: 'f32', shape }], { dtype, quant });
  };
}

function dequantizePerAxis(dtype: 'u8' | 'i8' | 'i32'): Case {
  return (r) => {
    const shape = [r.int(1, 3), r.int(2, 5), r.int(1, 6)];
    const axis = r.int(0, 2);
    return singleOp('dequantize', {}, [{ dtype, shape, quant: axisQuant(r, dtype, shape[axis]!, axis) }], { dtype: 'f32' });
  };
}

function poolU8(kind: 'avg_pool2d' | 'max_pool2d'): Case {
  return (r) => {
    const quant = actQuant(r, 'u8');
    const attrs = { pads: pads(r), strideH: r.int(1, 2), strideW: r.int(1, 2), filterH: r.int(2, 3), filterW: r.int(2, 3), activation: 'none' as const };
    return singleOp(kind, attrs, [{ dtype: 'u8', shape: [1, r.int(3, 8), r.int(3, 8), r.int(1, 5)], quant }], { dtype: 'u8', quant });
  };
}

const CASES: Record<string, Case> = {
  'conv2d u8 x u8, per-channel zero points, float requantization': onnxConv('u8', 'u8', 'u8', true),
  'conv2d i8 x i8, per-tensor, float requantization': onnxConv('i8', 'i8', 'i8', false),
  'conv2d u8 x i8 grouped, int32 output': onnxConv('u8', 'i8', 'i32', true, 2),
  'conv2d i8 x u8, int32 output': onnxConv('i8', 'u8', 'i32', false),
  'depthwise u8 x u8, float requantization': onnxDepthwise('u8', 'u8', 'u8'),
  'depthwise i8 x i8, float requantization': onnxDepthwise('i8', 'i8', 'i8'),
  'depthwise u8 x i8, int32 output': onnxDepthwise('u8', 'i8', 'i32'),
  'fully connected u8 x u8, per-channel zero points': onnxDense('u8', 'u8', 'u8', true),
  'fully connected i8 x i8 per-channel, one zero point': onnxDense('i8', 'i8', 'i8', true, true),
  'fully connected u8 x i8, int32 output': onnxDense('u8', 'i8', 'i32', false),
  'batch matmul f32': matmul('f32', 'f32'),
  'batch matmul u8, float requantization': matmul('u8', 'u8'),
  'batch matmul i8, per-column zero points': matmul('i8', 'i8', true),
  'batch matmul u8, int32 output': matmul('u8', 'i32'),
  ...Object.fromEntries((['add', 'sub', 'mul', 'div', 'maximum', 'minimum'] as const).flatMap((k) =>
    (['i8', 'u8', 'i16', 'i32'] as const).map((d) => [`${k} plain ${d}`, binaryInt(k, d)]))),
  ...Object.fromEntries((['add', 'sub', 'mul'] as const).flatMap((k) => (['u8', 'i8'] as const).map((d) => [`${k} QLinear ${d}`, binaryOnnx(k, d)]))),
  'div f32': (r) => {
    const n = r.int(1, 6);
    return singleOp('div', { activation: 'none', potScaleInt16: false }, [{ dtype: 'f32', shape: [2, n] }, { dtype: 'f32', shape: r.pick([[n], [1]]) }], { dtype: 'f32' });
  },
  ...Object.fromEntries((['maximum', 'minimum'] as const).flatMap((k) => [
    [`${k} f32`, (r: Rng) => singleOp(k, { activation: 'none', potScaleInt16: false }, [{ dtype: 'f32', shape: [2, 16] }, { dtype: 'f32', shape: r.pick([[2, 16], [16]]) }], { dtype: 'f32' })],
    // TFLite's MAXIMUM / MINIMUM on int8: one scale and zero point for all three, so stored values compare.
    [`${k} quantized i8`, (r: Rng) => {
      const quant = actQuant(r, 'i8');
      return singleOp(k, { activation: 'none', potScaleInt16: false }, [{ dtype: 'i8', shape: [3, 8], quant }, { dtype: 'i8', shape: [8], quant }], { dtype: 'i8', quant });
    }],
  ])),
  ...Object.fromEntries((['equal', 'less', 'less_equal', 'greater', 'greater_equal'] as const).flatMap((t) =>
    (['f32', 'i8', 'u8', 'i16', 'i32', 'i64'] as const).map((d) => [`compare ${t} ${d}`, compareCase(t, d)]))),
  ...Object.fromEntries((['and', 'or', 'xor', 'equal'] as const).map((t) => [`compare ${t} bool`, compareCase(t, 'bool')])),
  ...Object.fromEntries((['f32', 'i8', 'i32', 'bool'] as const).map((d) => [`where ${d}`, (r: Rng) =>
    singleOp('where', {}, [{ dtype: 'bool', shape: r.pick([[2, 16], [16], [2, 1]]) }, { dtype: d, shape: [2, 16] }, { dtype: d, shape: r.pick([[2, 16], [1], [16]]) }], { dtype: d })])),
  ...Object.fromEntries((['clip', 'hard_sigmoid', 'hard_swish', 'exp', 'log', 'sqrt', 'reciprocal', 'abs', 'neg', ...UNARY_MATH_KINDS] as const).map((k) => [`${k} f32`, unary(k, 'f32')])),
  ...Object.fromEntries((['i8', 'i32'] as const).map((d) => [`sign ${d}`, unary('sign', d)])),
  ...Object.fromEntries((['clip', 'abs', 'neg'] as const).flatMap((k) => (['i8', 'u8', 'i16', 'i32'] as const).map((d) => [`${k} ${d}`, unary(k, d)]))),
  ...Object.fromEntries((['reduce_sum', 'reduce_prod', 'reduce_max', 'reduce_min'] as const).flatMap((k) => (['f32', 'i8', 'u8', 'i32'] as const).map((d) => [`${k} ${d}`, reduce(k, d)]))),
  ...Object.fromEntries((['f32', 'i8', 'u8', 'i32'] as const).flatMap((d) => [true, false].map((max) => [`arg_${max ? 'max' : 'min'} ${d}`, (r: Rng) =>
    singleOp('arg_reduce', { max, axis: r.int(-3, 2), keepDims: r.int(0, 1) === 1, selectLastIndex: r.int(0, 1) === 1 }, [{ dtype: d, shape: [r.int(1, 3), r.int(1, 6), r.int(1, 4)] }], { dtype: r.pick(['i64', 'i32'] as const) })]))),
  'reduce_max quantized u8': reduce('reduce_max', 'u8', true),
  'reduce_min quantized i8': reduce('reduce_min', 'i8', true),
  'gather f32': gather('f32'),
  ...Object.fromEntries((['f32', 'i8', 'i64'] as const).map((d) => [`gather_elements ${d}, run-time int64 indices`, (r: Rng) => {
    const axis = r.int(0, 2);
    const shape = [r.int(1, 3), r.int(1, 4), r.int(2, 5)];
    const idxShape = shape.map((n, i) => (i === axis ? r.int(1, 6) : r.int(1, n)));
    return singleOp('gather_elements', { axis }, [{ dtype: d, shape }, { dtype: 'i64', shape: idxShape }], { dtype: d });
  }])),
  'gather_elements f32, run-time int32 indices past both ends': (r: Rng) => singleOp('gather_elements', { axis: 1 }, [{ dtype: 'f32', shape: [2, 5] }, { dtype: 'i32', shape: [2, 7] }], { dtype: 'f32' }),
  'gather i8': gather('i8'),
  'gather i16': gather('i16'),
  ...Object.fromEntries((['u8', 'i8', 'i16', 'i32'] as const).flatMap((d) => [[`quantize_linear ${d}`, quantizeLinear(d, false)], [`quantize_linear ${d} per axis`, quantizeLinear(d, true)]])),
  'dequantize u8 per axis': dequantizePerAxis('u8'),
  'dequantize i8 per axis': dequantizePerAxis('i8'),
  'dequantize i32 per axis': dequantizePerAxis('i32'),
  'avg pool u8': poolU8('avg_pool2d'),
  'max pool u8': poolU8('max_pool2d'),
};

/** Float values every float input starts with, then random ones; and integer edge values. */
const FLOAT_SPECIALS = [0, -0, 1, -1, 0.5, -2.5, Infinity, -Infinity, NaN, 1e-40, -1e-40, 3.4e38, 20, -20, 89, -104];
const INT_SPECIALS: Partial<Record<DType, number[]>> = { i8: [-128, 0, -1, 127, 1], u8: [0, 255, 1, 128], i16: [-32768, 0, -1, 32767], i32: [-2147483648, 0, -1, 2147483647, 1] };
/** For a second integer input: pairs (min, −1), (0, 0), (−1, −1), (max, 0), … with the list above. */
/** For a second float input: the same values in another order, so pairs mix ±0, NaN and infinities. */
const FLOAT_SPECIALS_B = [-0, 0, NaN, 1, -Infinity, Infinity, -1, 0.5, 3.4e38, -1e-40, 1e-40, -2.5, -20, 20, -104, 89];
const INT_SPECIALS_B: Partial<Record<DType, number[]>> = { i8: [-1, 0, -1, 0, 127], u8: [0, 0, 255, 1], i16: [-1, 0, -1, 0], i32: [-1, 0, -1, 0, -2147483648] };

/** Random inputs with edge values in front (floats scaled up so exp/quantize see a wide range). */
function inputsWithSpecials(r: Rng, g: Graph): RunInput[] {
  return randomInputs(r, g).map((input, k) => {
    const data = input.data as TensorData;
    const specials = input.dtype === 'f32' ? (k === 0 ? FLOAT_SPECIALS : FLOAT_SPECIALS_B) : (k === 0 ? INT_SPECIALS : INT_SPECIALS_B)[input.dtype] ?? [];
    if (input.dtype === 'f32') for (let i = 0; i < data.length; i++) (data as Float32Array)[i]! *= 8;
    specials.slice(0, data.length).forEach((v, i) => ((data as Float32Array)[i] = v));
    // Ties for QuantizeLinear: exact halves of the output scale.
    if (input.dtype === 'f32' && g.ops[0]!.kind === 'quantize_linear') {
      const s = g.tensors[g.outputs[0]!]!.quant!.scale[0]!;
      for (let i = specials.length; i < data.length; i += 3) (data as Float32Array)[i] = Math.fround((r.int(-300, 300) + 0.5) * s);
    }
    return input;
  });
}

/** Undefined when equal: integers exactly, floats bit for bit (NaN = NaN) or, for exp and log, within the tolerance. */
function compare(actual: TensorData, expected: TensorData, approximate: boolean): string | undefined {
  if (actual.length !== expected.length) return `length ${actual.length} != ${expected.length}`;
  for (let i = 0; i < expected.length; i++) {
    const a = Number(actual[i]);
    const e = Number(expected[i]);
    if (Object.is(a, e) || (Number.isNaN(a) && Number.isNaN(e))) continue;
    if (approximate && Math.abs(a - e) <= FLOAT_ATOL + FLOAT_RTOL * Math.abs(e)) continue;
    const show = (v: number): string => (Object.is(v, -0) ? '-0' : String(v));
    return `[${i}] got ${show(a)}, expected ${show(e)}`;
  }
  return undefined;
}

for (const [name, make] of Object.entries(CASES)) {
  test(`wasm ONNX kernels match the reference: ${name}`, async (t) => {
    for (const seed of SEEDS) {
      const rng = new Rng(seed * 104729 + name.length * 31 + name.charCodeAt(0));
      const g = make(rng);
      const inputs = inputsWithSpecials(rng, g);
      const expected = new ReferenceExecutor(g).run(inputs);
      // Transcendental functions: the double result rounded once; libm and our wasm series may differ from it by an ulp.
      const approximate = /^(exp|log|sin|cos|tan|asin|acos|atan|sinh|cosh|asinh|acosh|atanh|erf) /.test(name);
      const bundle = await emitWasmBundle(g, { name: 'op' });
      for (const simd of [true, false]) {
        const outs = await runWasmBundle(bundle, inputs, { simd });
        outs.forEach((o, i) => t.is(compare(o, expected[i]!, approximate), undefined, `seed ${seed} ${simd ? 'SIMD' : 'plain'} output ${i} (shape ${g.tensors[g.outputs[i]!]!.shape.join('x')})`));
      }
    }
  });
}
