/**
 * TFLite builtin operators → IR ops: one row per supported operator, each
 * reading its options table (by schema slot) into typed attributes and
 * choosing which TFLite inputs the IR op keeps. Operators without a row
 * become `unsupported` placeholders.
 */
import { fail, type AnyOp, type FusedActivation, type Pads2d, type Tensor } from '../../ir/index.js';
import { tflitePads } from '../../ops/common/spatial.js';
import { resolveStridedSlice } from '../../ops/strided-slice.js';
import type { Table } from './flatbuffer.js';

/** What a row sees of one TFLite operator. */
export interface OpContext {
  index: number;
  name: string;
  options: Table | undefined;
  inputs: number[];
  outputs: number[];
  tensor(tfliteIndex: number): Tensor;
  /** The integer contents of constant input `i`, or a diagnostic. */
  constInts(i: number, role: string): number[];
}

type Converted = Pick<AnyOp, 'kind' | 'attrs'> & { inputs: number[] };
type Row = (c: OpContext) => Converted;

const ACTIVATIONS: Record<number, FusedActivation> = { 0: 'none', 1: 'relu', 2: 'relu_n1_to_1', 3: 'relu6', 4: 'tanh' };

function activation(c: OpContext, slot: number): FusedActivation {
  const code = c.options?.i8(slot, 0, 'fused_activation_function') ?? 0;
  const a = ACTIVATIONS[code];
  if (!a) fail('op/unsupported', `operator ${c.index}: fused activation ${code} is not supported`, { opIndex: c.index });
  return a;
}

function padding(c: OpContext): 'same' | 'valid' {
  return (c.options?.i8(0, 0, 'padding') ?? 0) === 0 ? 'same' : 'valid';
}

const int = (c: OpContext, slot: number, dflt: number, name: string): number => c.options?.i32(slot, dflt, name) ?? dflt;

/** Pads for a window over input `t` (NHWC) with the op's SAME/VALID padding. */
function windowPads(c: OpContext, t: Tensor, kH: number, kW: number, sH: number, sW: number, dH: number, dW: number): Pads2d {
  return tflitePads(padding(c), t.shape[1] ?? 1, t.shape[2] ?? 1, kH, kW, sH, sW, dH, dW);
}

const conv2d: Row = (c) => {
  const input = c.tensor(c.inputs[0]!);
  const filter = c.tensor(c.inputs[1]!);
  const strideW = int(c, 1, 1, 'stride_w');
  const strideH = int(c, 2, 1, 'stride_h');
  const dilationW = int(c, 4, 1, 'dilation_w_factor');
  const dilationH = int(c, 5, 1, 'dilation_h_factor');
  return {
    kind: 'conv2d',
    inputs: c.inputs.slice(0, 3),
    attrs: {
      pads: windowPads(c, input, filter.shape[1] ?? 1, filter.shape[2] ?? 1, strideH, strideW, dilationH, dilationW),
      strideH, strideW, dilationH, dilationW, activation: activation(c, 3),
    },
  };
};

const depthwiseConv2d: Row = (c) => {
  const input = c.tensor(c.inputs[0]!);
  const filter = c.tensor(c.inputs[1]!);
  const strideW = int(c, 1, 1, 'stride_w');
  const strideH = int(c, 2, 1, 'stride_h');
  const dilationW = int(c, 5, 1, 'dilation_w_factor');
  const dilationH = int(c, 6, 1, 'dilation_h_factor');
  const inC = input.shape[3] ?? 1;
  return {
    kind: 'depthwise_conv2d',
    inputs: c.inputs.slice(0, 3),
    attrs: {
      pads: windowPads(c, input, filter.shape[1] ?? 1, filter.shape[2] ?? 1, strideH, strideW, dilationH, dilationW),
      strideH, strideW, dilationH, dilationW, activation: activation(c, 4),
      depthMultiplier: inC > 0 ? (filter.shape[3] ?? 0) / inC : 0,
    },
  };
};

const transposeConv: Row = (c) => {
  // TFLite order: output_shape, weights, input, bias.
  const output = c.tensor(c.outputs[0]!);
  const filter = c.tensor(c.inputs[1]!);
  const strideW = int(c, 1, 1, 'stride_w');
  const strideH = int(c, 2, 1, 'stride_h');
  // TFLite derives the pads as if convolving the output back to the input.
  const pads = windowPads(c, output, filter.shape[1] ?? 1, filter.shape[2] ?? 1, strideH, strideW, 1, 1);
  return {
    kind: 'transpose_conv2d',
    inputs: [c.inputs[2]!, c.inputs[1]!, c.inputs[3] ?? -1],
    attrs: { pads, strideH, strideW, activation: activation(c, 3) },
  };
};

function pool(kind: 'avg_pool2d' | 'max_pool2d'): Row {
  return (c) => {
    const input = c.tensor(c.inputs[0]!);
    const strideW = int(c, 1, 1, 'stride_w');
    const strideH = int(c, 2, 1, 'stride_h');
    const filterW = int(c, 3, 1, 'filter_width');
    const filterH = int(c, 4, 1, 'filter_height');
    return {
      kind,
      inputs: [c.inputs[0]!],
      attrs: { pads: windowPads(c, input, filterH, filterW, strideH, strideW, 1, 1), strideH, strideW, filterH, filterW, activation: activation(c, 5) },
    };
  };
}

const fullyConnected: Row = (c) => {
  if ((c.options?.i8(1, 0, 'weights_format') ?? 0) !== 0) {
    fail('op/unsupported', `operator ${c.index} (FULLY_CONNECTED) uses shuffled weights, which are not supported`, { opIndex: c.index, hint: 're-export with the default weights format' });
  }
  return {
    kind: 'fully_connected',
    inputs: c.inputs.slice(0, 3),
    attrs: { activation: activation(c, 0), keepNumDims: c.options?.bool(2, 'keep_num_dims') ?? false },
  };
};

function binary(kind: 'add' | 'sub' | 'mul' | 'div'): Row {
  return (c) => ({
    kind,
    inputs: c.inputs.slice(0, 2),
    attrs: { activation: activation(c, 0), potScaleInt16: kind === 'mul' || kind === 'div' ? false : (c.options?.u8(1, 1, 'pot_scale_int16') ?? 1) !== 0 },
  });
}

function unary(kind: 'quantize' | 'dequantize' | 'logistic' | 'tanh' | 'relu' | 'relu6' | 'relu_n1_to_1'): Row {
  return (c) => ({ kind, inputs: [c.inputs[0]!], attrs: {} });
}

const pairs = (flat: number[]): Array<[number, number]> => {
  const out: Array<[number, number]> = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push([flat[i]!, flat[i + 1]!]);
  return out;
};

const ROWS: Record<string, Row> = {
  ADD: binary('add'),
  SUB: binary('sub'),
  MUL: binary('mul'),
  DIV: binary('div'),
  // Between the unsigned and signed 32-bit types (both stored as int32) a cast moves no bits.
  CAST: (c) => {
    const [from, to] = [c.tensor(c.inputs[0]!).dtype, c.tensor(c.outputs[0]!).dtype];
    return from === to ? { kind: 'reshape', inputs: [c.inputs[0]!], attrs: {} } : { kind: 'cast', inputs: [c.inputs[0]!], attrs: {} };
  },
  // ARG_MAX / ARG_MIN: the axis is a constant input; the output type (int32 or int64) is the output tensor's.
  ARG_MAX: (c) => ({ kind: 'arg_reduce', inputs: [c.inputs[0]!], attrs: { max: true, axis: c.constInts(1, 'axis')[0]!, keepDims: false, selectLastIndex: false } }),
  ARG_MIN: (c) => ({ kind: 'arg_reduce', inputs: [c.inputs[0]!], attrs: { max: false, axis: c.constInts(1, 'axis')[0]!, keepDims: false, selectLastIndex: false } }),
  MAXIMUM: (c) => ({ kind: 'maximum', inputs: c.inputs.slice(0, 2), attrs: { activation: 'none', potScaleInt16: false } }),
  MINIMUM: (c) => ({ kind: 'minimum', inputs: c.inputs.slice(0, 2), attrs: { activation: 'none', potScaleInt16: false } }),
  AVERAGE_POOL_2D: pool('avg_pool2d'),
  MAX_POOL_2D: pool('max_pool2d'),
  CONV_2D: conv2d,
  DEPTHWISE_CONV_2D: depthwiseConv2d,
  TRANSPOSE_CONV: transposeConv,
  FULLY_CONNECTED: fullyConnected,
  RESHAPE: (c) => ({ kind: 'reshape', inputs: [c.inputs[0]!], attrs: {} }),
  SQUEEZE: (c) => ({ kind: 'reshape', inputs: [c.inputs[0]!], attrs: {} }),
  EXPAND_DIMS: (c) => ({ kind: 'reshape', inputs: [c.inputs[0]!], attrs: {} }),
  SOFTMAX: (c) => ({ kind: 'softmax', inputs: [c.inputs[0]!], attrs: { beta: c.options?.f32(0, 0, 'beta') ?? 0 } }),
  CONCATENATION: (c) => ({ kind: 'concat', inputs: c.inputs.slice(), attrs: { axis: int(c, 0, 0, 'axis'), activation: activation(c, 1) } }),
  MEAN: (c) => ({ kind: 'mean', inputs: [c.inputs[0]!], attrs: { axes: c.constInts(1, 'axis'), keepDims: c.options?.bool(0, 'keep_dims') ?? false } }),
  PAD: (c) => ({ kind: 'pad', inputs: [c.inputs[0]!], attrs: { paddings: pairs(c.constInts(1, 'paddings')) } }),
  PADV2: (c) => ({ kind: 'pad', inputs: [c.inputs[0]!, c.inputs[2]!], attrs: { paddings: pairs(c.constInts(1, 'paddings')) } }),
  TRANSPOSE: (c) => ({ kind: 'transpose', inputs: [c.inputs[0]!], attrs: { perm: c.constInts(1, 'perm') } }),
  STRIDED_SLICE: (c) => {
    const input = c.tensor(c.inputs[0]!);
    const o = c.options;
    const masks = {
      beginMask: o?.i32(0, 0, 'begin_mask') ?? 0,
      endMask: o?.i32(1, 0, 'end_mask') ?? 0,
      ellipsisMask: o?.i32(2, 0, 'ellipsis_mask') ?? 0,
      newAxisMask: o?.i32(3, 0, 'new_axis_mask') ?? 0,
      shrinkAxisMask: o?.i32(4, 0, 'shrink_axis_mask') ?? 0,
      offset: o?.bool(5, 'offset') ?? false,
    };
    if (masks.ellipsisMask || masks.newAxisMask) {
      fail('op/unsupported', `operator ${c.index} (STRIDED_SLICE) uses an ellipsis or new-axis mask, which TFLite Micro does not support either`, { opIndex: c.index });
    }
    const r = resolveStridedSlice(input.shape, c.constInts(1, 'begin'), c.constInts(2, 'end'), c.constInts(3, 'strides'), masks);
    const squeeze = r.shrink.flatMap((s, i) => (s ? [i] : []));
    return { kind: 'strided_slice', inputs: [c.inputs[0]!], attrs: { begin: r.begin, end: r.end, strides: r.strides, squeeze } };
  },
  QUANTIZE: unary('quantize'),
  DEQUANTIZE: unary('dequantize'),
  LOGISTIC: unary('logistic'),
  TANH: unary('tanh'),
  RELU: unary('relu'),
  RELU6: unary('relu6'),
  RELU_N1_TO_1: unary('relu_n1_to_1'),
  LEAKY_RELU: (c) => ({ kind: 'leaky_relu', inputs: [c.inputs[0]!], attrs: { alpha: c.options?.f32(0, 0, 'alpha') ?? 0 } }),
};

/** Converts one operator, or returns undefined when Ingot has no kernel for it. */
export function convertBuiltin(opName: string, c: OpContext): Converted | undefined {
  const row = ROWS[opName];
  return row ? row(c) : undefined;
}

export const SUPPORTED_TFLITE_OPS: readonly string[] = Object.keys(ROWS).sort();
