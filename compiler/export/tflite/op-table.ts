/**
 * IR ops → TFLite operators for export: one row per op kind giving the
 * builtin operator, its options table (union type and a writer that puts
 * the fields at their schema slots), the operator version for the tensor
 * types at hand, and the operator's inputs — including the constant int32
 * operands TFLite wants as tensors (reshape's shape, mean's axes, pad's
 * paddings, …), which the row asks the writer to add.
 *
 * The slot numbers and union indices are those of TFLite's schema.fbs (the
 * same facts the importer reads with, compiler/import/tflite/schema.ts).
 */
import type { Builder } from 'flatbuffers';
import { fail, type AnyOp, type FusedActivation, type Graph, type Pads2d } from '../../ir/index.js';
import { tflitePads } from '../../ops/common/spatial.js';

/** What a row may ask of the writer. */
export interface ExportContext {
  b: Builder;
  graph: Graph;
  /** Adds a constant int32 tensor and returns its index. */
  constInts(name: string, shape: number[], values: number[]): number;
}

export interface ExportedOp {
  /** BuiltinOperator code. */
  builtin: number;
  version: number;
  /** BuiltinOptions union type (0 = none) and the options table written in the builder. */
  optionsType: number;
  options: number;
  inputs: number[];
}

type Row = (op: AnyOp, c: ExportContext) => ExportedOp;

// BuiltinOperator codes (schema.fbs).
const OP = {
  ADD: 0, AVERAGE_POOL_2D: 1, CONCATENATION: 2, CONV_2D: 3, DEPTHWISE_CONV_2D: 4, DEQUANTIZE: 6, FULLY_CONNECTED: 9,
  LOGISTIC: 14, MAX_POOL_2D: 17, MUL: 18, RELU: 19, RELU_N1_TO_1: 20, RELU6: 21, RESHAPE: 22, SOFTMAX: 25, TANH: 28,
  PAD: 34, TRANSPOSE: 39, MEAN: 40, SUB: 41, STRIDED_SLICE: 45, MAXIMUM: 55, ARG_MAX: 56, MINIMUM: 57, ARG_MIN: 79, TRANSPOSE_CONV: 67, LEAKY_RELU: 98, QUANTIZE: 114,
} as const;

// BuiltinOptions union indices (schema.fbs).
const OPT = {
  Conv2D: 1, DepthwiseConv2D: 2, Pool2D: 5, FullyConnected: 8, Softmax: 9, Concatenation: 10, Add: 11, Reshape: 17,
  Mul: 21, Pad: 22, Transpose: 26, Reducer: 27, Sub: 28, StridedSlice: 32, Dequantize: 38, TransposeConv: 49,
  ArgMax: 40, ArgMin: 57, LeakyRelu: 75, Quantize: 89,
} as const;

const ACTIVATION: Record<FusedActivation, number> = { none: 0, relu: 1, relu_n1_to_1: 2, relu6: 3, tanh: 4 };

/** A table of scalar fields: [slot, kind, value, default]. */
function table(b: Builder, fields: Array<[number, 'i8' | 'i32' | 'f32' | 'bool', number, number]>, offsets: Array<[number, number]> = []): number {
  const slots = Math.max(0, ...fields.map((f) => f[0] + 1), ...offsets.map((o) => o[0] + 1));
  b.startObject(slots);
  for (const [slot, kind, value, dflt] of fields) {
    if (kind === 'i32') b.addFieldInt32(slot, value, dflt);
    else if (kind === 'f32') b.addFieldFloat32(slot, value, dflt);
    else b.addFieldInt8(slot, value, dflt);
  }
  for (const [slot, offset] of offsets) b.addFieldOffset(slot, offset, 0);
  return b.endObject();
}

/** TFLite only knows SAME and VALID: explicit pads must be one of them. */
function paddingCode(op: AnyOp, g: Graph, pads: Pads2d, kH: number, kW: number, sH: number, sW: number, dH: number, dW: number, spatialFrom: number): number {
  const t = g.tensors[spatialFrom]!;
  const same = tflitePads('same', t.shape[1] ?? 1, t.shape[2] ?? 1, kH, kW, sH, sW, dH, dW);
  const equal = (p: Pads2d): boolean => p.top === pads.top && p.left === pads.left && p.bottom === pads.bottom && p.right === pads.right;
  if (equal({ top: 0, left: 0, bottom: 0, right: 0 })) return 1;
  if (equal(same)) return 0;
  return fail('export/unsupported', `${op.kind} '${op.name}' pads ${JSON.stringify(pads)}, which is neither SAME nor VALID padding in TFLite`, {
    hint: 'TFLite export needs SAME or VALID padding; add an explicit PAD before the op in the source model',
  });
}

const isInt8 = (op: AnyOp, g: Graph): boolean => g.tensors[op.inputs[0]!]?.dtype !== 'f32';
const weightDtype = (op: AnyOp, g: Graph): string => g.tensors[op.inputs[1]!]?.dtype ?? 'f32';
/** Version for float / int8 activations, and for int4 weights where TFLite has one. */
const version = (op: AnyOp, g: Graph, int8: number, int4 = int8): number => (!isInt8(op, g) ? 1 : weightDtype(op, g) === 'i4' ? int4 : int8);
const simple = (builtin: number, int8Version = 2): Row => (op, c) => ({ builtin, version: version(op, c.graph, int8Version), optionsType: 0, options: 0, inputs: op.inputs.slice() });

/** Kinds without a row (ONNX-only ops) cannot be exported. */
const ROWS: { [K in AnyOp['kind']]?: Row } = {
  conv2d(op, c) {
    const a = (op as AnyOp & { kind: 'conv2d' }).attrs;
    const f = c.graph.tensors[op.inputs[1]!]!;
    const padding = paddingCode(op, c.graph, a.pads, f.shape[1]!, f.shape[2]!, a.strideH, a.strideW, a.dilationH, a.dilationW, op.inputs[0]!);
    const options = table(c.b, [[0, 'i8', padding, 0], [1, 'i32', a.strideW, 0], [2, 'i32', a.strideH, 0], [3, 'i8', ACTIVATION[a.activation], 0], [4, 'i32', a.dilationW, 1], [5, 'i32', a.dilationH, 1]]);
    return { builtin: OP.CONV_2D, version: version(op, c.graph, 3, 7), optionsType: OPT.Conv2D, options, inputs: op.inputs.slice() };
  },
  depthwise_conv2d(op, c) {
    const a = (op as AnyOp & { kind: 'depthwise_conv2d' }).attrs;
    const f = c.graph.tensors[op.inputs[1]!]!;
    const padding = paddingCode(op, c.graph, a.pads, f.shape[1]!, f.shape[2]!, a.strideH, a.strideW, a.dilationH, a.dilationW, op.inputs[0]!);
    const options = table(c.b, [[0, 'i8', padding, 0], [1, 'i32', a.strideW, 0], [2, 'i32', a.strideH, 0], [3, 'i32', a.depthMultiplier, 0], [4, 'i8', ACTIVATION[a.activation], 0], [5, 'i32', a.dilationW, 1], [6, 'i32', a.dilationH, 1]]);
    return { builtin: OP.DEPTHWISE_CONV_2D, version: version(op, c.graph, 3, 7), optionsType: OPT.DepthwiseConv2D, options, inputs: op.inputs.slice() };
  },
  transpose_conv2d(op, c) {
    const a = (op as AnyOp & { kind: 'transpose_conv2d' }).attrs;
    const out = c.graph.tensors[op.outputs[0]!]!;
    const f = c.graph.tensors[op.inputs[1]!]!;
    const padding = paddingCode(op, c.graph, a.pads, f.shape[1]!, f.shape[2]!, a.strideH, a.strideW, 1, 1, op.outputs[0]!);
    const options = table(c.b, [[0, 'i8', padding, 0], [1, 'i32', a.strideW, 0], [2, 'i32', a.strideH, 0], [3, 'i8', ACTIVATION[a.activation], 0]]);
    const shape = c.constInts(`${op.name}/output_shape`, [4], out.shape);
    return { builtin: OP.TRANSPOSE_CONV, version: version(op, c.graph, 3), optionsType: OPT.TransposeConv, options, inputs: [shape, op.inputs[1]!, op.inputs[0]!, op.inputs[2] ?? -1] };
  },
  fully_connected(op, c) {
    const a = (op as AnyOp & { kind: 'fully_connected' }).attrs;
    const options = table(c.b, [[0, 'i8', ACTIVATION[a.activation], 0], [2, 'bool', a.keepNumDims ? 1 : 0, 0]]);
    return { builtin: OP.FULLY_CONNECTED, version: version(op, c.graph, a.keepNumDims ? 5 : 4, 13), optionsType: OPT.FullyConnected, options, inputs: op.inputs.slice() };
  },
  avg_pool2d: pool(OP.AVERAGE_POOL_2D),
  // MaximumMinimumOptions has no fields: no options table.
  maximum: simple(OP.MAXIMUM),
  arg_reduce(op, c) {
    const a = (op as AnyOp & { kind: 'arg_reduce' }).attrs;
    const x = c.graph.tensors[op.inputs[0]!]!;
    if (a.keepDims || a.selectLastIndex) fail('export/unsupported', `arg_reduce '${op.name}' keeps its axis or breaks ties last, which TFLite's ARG_MAX/ARG_MIN cannot`);
    const axis = a.axis < 0 ? a.axis + x.shape.length : a.axis;
    const outType = c.graph.tensors[op.outputs[0]!]!.dtype === 'i64' ? 4 : 2; // TensorType INT64 / INT32
    const options = table(c.b, [[0, 'i8', outType, 0]]);
    const axisTensor = c.constInts(`${op.name}/axis`, [1], [axis]);
    return { builtin: a.max ? OP.ARG_MAX : OP.ARG_MIN, version: version(op, c.graph, 2), optionsType: a.max ? OPT.ArgMax : OPT.ArgMin, options, inputs: [op.inputs[0]!, axisTensor] };
  },
  minimum: simple(OP.MINIMUM),
  max_pool2d: pool(OP.MAX_POOL_2D),
  reshape(op, c) {
    const out = c.graph.tensors[op.outputs[0]!]!;
    const shapeVector = intVector(c.b, out.shape);
    const options = table(c.b, [], [[0, shapeVector]]);
    const shape = c.constInts(`${op.name}/shape`, [out.shape.length], out.shape);
    return { builtin: OP.RESHAPE, version: 1, optionsType: OPT.Reshape, options, inputs: [op.inputs[0]!, shape] };
  },
  softmax(op, c) {
    const options = table(c.b, [[0, 'f32', (op as AnyOp & { kind: 'softmax' }).attrs.beta, 0]]);
    return { builtin: OP.SOFTMAX, version: version(op, c.graph, 2), optionsType: OPT.Softmax, options, inputs: op.inputs.slice() };
  },
  add: binary(OP.ADD, OPT.Add, true),
  sub: binary(OP.SUB, OPT.Sub, true),
  mul: binary(OP.MUL, OPT.Mul, false),
  mean(op, c) {
    const a = (op as AnyOp & { kind: 'mean' }).attrs;
    const options = table(c.b, [[0, 'bool', a.keepDims ? 1 : 0, 0]]);
    const axes = c.constInts(`${op.name}/axes`, [a.axes.length], a.axes);
    return { builtin: OP.MEAN, version: version(op, c.graph, 2), optionsType: OPT.Reducer, options, inputs: [op.inputs[0]!, axes] };
  },
  pad(op, c) {
    const a = (op as AnyOp & { kind: 'pad' }).attrs;
    if ((op.inputs[1] ?? -1) >= 0) fail('export/unsupported', `pad '${op.name}' has an explicit pad value (PADV2), which export does not write yet`);
    const paddings = c.constInts(`${op.name}/paddings`, [a.paddings.length, 2], a.paddings.flat());
    return { builtin: OP.PAD, version: version(op, c.graph, 2), optionsType: OPT.Pad, options: table(c.b, []), inputs: [op.inputs[0]!, paddings] };
  },
  transpose(op, c) {
    const a = (op as AnyOp & { kind: 'transpose' }).attrs;
    const perm = c.constInts(`${op.name}/perm`, [a.perm.length], a.perm);
    return { builtin: OP.TRANSPOSE, version: version(op, c.graph, 2), optionsType: OPT.Transpose, options: table(c.b, []), inputs: [op.inputs[0]!, perm] };
  },
  strided_slice(op, c) {
    const a = (op as AnyOp & { kind: 'strided_slice' }).attrs;
    const n = a.begin.length;
    const shrink = a.squeeze.reduce((m, d) => m | (1 << d), 0);
    const options = table(c.b, [[4, 'i32', shrink, 0]]);
    const begin = c.constInts(`${op.name}/begin`, [n], a.begin);
    const end = c.constInts(`${op.name}/end`, [n], a.end);
    const strides = c.constInts(`${op.name}/strides`, [n], a.strides);
    return { builtin: OP.STRIDED_SLICE, version: version(op, c.graph, 2), optionsType: OPT.StridedSlice, options, inputs: [op.inputs[0]!, begin, end, strides] };
  },
  concat(op, c) {
    const a = (op as AnyOp & { kind: 'concat' }).attrs;
    const options = table(c.b, [[0, 'i32', a.axis, 0], [1, 'i8', ACTIVATION[a.activation], 0]]);
    return { builtin: OP.CONCATENATION, version: version(op, c.graph, 2), optionsType: OPT.Concatenation, options, inputs: op.inputs.slice() };
  },
  quantize: (op, c) => ({ builtin: OP.QUANTIZE, version: 2, optionsType: OPT.Quantize, options: table(c.b, []), inputs: op.inputs.slice() }),
  dequantize: (op, c) => ({ builtin: OP.DEQUANTIZE, version: 2, optionsType: OPT.Dequantize, options: table(c.b, []), inputs: op.inputs.slice() }),
  logistic: simple(OP.LOGISTIC),
  tanh: simple(OP.TANH),
  relu: simple(OP.RELU),
  relu6: simple(OP.RELU6),
  relu_n1_to_1: simple(OP.RELU_N1_TO_1),
  leaky_relu(op, c) {
    const options = table(c.b, [[0, 'f32', (op as AnyOp & { kind: 'leaky_relu' }).attrs.alpha, 0]]);
    return { builtin: OP.LEAKY_RELU, version: version(op, c.graph, 2), optionsType: OPT.LeakyRelu, options, inputs: op.inputs.slice() };
  },
  unsupported: undefined,
};

function pool(builtin: number): Row {
  return (op, c) => {
    const a = (op as AnyOp & { kind: 'avg_pool2d' }).attrs;
    const padding = paddingCode(op, c.graph, a.pads, a.filterH, a.filterW, a.strideH, a.strideW, 1, 1, op.inputs[0]!);
    const options = table(c.b, [[0, 'i8', padding, 0], [1, 'i32', a.strideW, 0], [2, 'i32', a.strideH, 0], [3, 'i32', a.filterW, 0], [4, 'i32', a.filterH, 0], [5, 'i8', ACTIVATION[a.activation], 0]]);
    return { builtin, version: version(op, c.graph, 2), optionsType: OPT.Pool2D, options, inputs: op.inputs.slice() };
  };
}

function binary(builtin: number, optionsType: number, hasPotScale: boolean): Row {
  return (op, c) => {
    const a = (op as AnyOp & { kind: 'add' }).attrs;
    const fields: Array<[number, 'i8' | 'bool', number, number]> = [[0, 'i8', ACTIVATION[a.activation], 0]];
    if (hasPotScale) fields.push([1, 'bool', a.potScaleInt16 ? 1 : 0, 1]);
    return { builtin, version: version(op, c.graph, 2), optionsType, options: table(c.b, fields), inputs: op.inputs.slice() };
  };
}

export function intVector(b: Builder, xs: readonly number[]): number {
  b.startVector(4, xs.length, 4);
  for (let i = xs.length - 1; i >= 0; i--) b.addInt32(xs[i]!);
  return b.endVector();
}

/** The TFLite form of one op; a diagnostic for ops TFLite export cannot write. */
export function exportOp(op: AnyOp, c: ExportContext, index: number): ExportedOp {
  const row = ROWS[op.kind];
  if (!row) {
    return fail('export/unsupported', `op ${index} (${op.source ?? op.kind} '${op.name}') cannot be written to TFLite`, { opIndex: index });
  }
  return row(op, c);
}
