/**
 * ONNX convolution, pooling and normalization operators → IR.
 *
 * Conv-like ops become the channels-first frontend kinds (conv_nchw,
 * conv_transpose_nchw, *_pool_nchw), which the layout pass later lowers to
 * the NHWC kernels. 1-D windows run as 2-D windows of height 1.
 * BatchNormalization (inference) becomes a per-channel multiply and add,
 * which the affine-folding pass merges into a preceding convolution.
 */
import type { DType, FusedActivation, QuantParams, Rounding } from '../../../ir/index.js';
import type { NodeContext } from '../context.js';
import { toNumbers } from '../tensor-proto.js';
import { quantFrom, readWindow, reshapeTo, viewQuantized } from './common.js';
import { poolByTaps } from './pool-taps.js';
import { convolution3d } from './conv3d.js';

interface ConvOptions {
  rounding?: Rounding;
  activation?: FusedActivation;
  outDtype?: DType;
  outQuant?: QuantParams;
}

/** Shapes of a 1-D operand seen as 2-D: [N, C, L] → [N, C, 1, L]. */
const as2d = (shape: readonly number[]): number[] => [shape[0]!, shape[1]!, 1, shape[2]!];

function spatialRank(c: NodeContext, index: number, what: string): 1 | 2 {
  const rank = c.tensorAt(index).shape.length;
  if (rank !== 3 && rank !== 4) c.fail('onnx/unsupported-op', `${rank - 2}-D ${what} is not supported (1-D and 2-D are)`, 'reshape 3-D data to 2-D around this op');
  return rank === 3 ? 1 : 2;
}

function convolution(c: NodeContext, x: number, w: number, bias: number, o: ConvOptions): void {
  const dims = spatialRank(c, x, 'convolution');
  const xt = c.tensorAt(x);
  const wt = c.tensorAt(w);
  const win = readWindow(c, xt.shape.slice(2), wt.shape.slice(2));
  const attrs = {
    pads: win.pads, strideH: win.strideH, strideW: win.strideW, dilationH: win.dilationH, dilationW: win.dilationW,
    activation: o.activation ?? 'none', group: c.attrs.int('group', 1), ...(o.rounding ? { rounding: o.rounding } : {}),
  };
  const out = { ...(o.outDtype ? { dtype: o.outDtype } : {}), ...(o.outQuant ? { quant: o.outQuant } : {}) };
  const inputs = (x4: number, w4: number): number[] => (bias >= 0 ? [x4, w4, bias] : [x4, w4]);
  if (dims === 2) {
    c.emit('conv_nchw', attrs, inputs(x, w), { ...out, output: 0 });
    return;
  }
  const y = c.emit('conv_nchw', attrs, inputs(reshapeTo(c, x, as2d(xt.shape), { suffix: 'as2d' }), reshapeTo(c, w, as2d(wt.shape), { suffix: 'weights2d' })), { ...out, suffix: 'conv2d' });
  const ys = c.tensorAt(y).shape;
  reshapeTo(c, y, [ys[0]!, ys[1]!, ys[3]!], { output: 0 });
}

export function convertConv(c: NodeContext): void {
  c.constant(1, 'weight');
  // Three spatial dims: a sum of 2-D convolutions over the depth taps (conv3d.ts).
  if (c.tensor(0).shape.length === 5) {
    convolution3d(c, c.input(0), c.optional(2));
    return;
  }
  convolution(c, c.input(0), c.input(1), c.optional(2), {});
}

export function convertConvInteger(c: NodeContext): void {
  const x = c.input(0);
  const w = c.constant(1, 'weight');
  const xq = integerQuant(c, 2, c.tensor(0).dtype);
  const wq = integerQuant(c, 3, w.dtype, 0);
  convolution(c, viewQuantized(c, x, xq, 'x_zero_point'), viewQuantized(c, c.input(1), wq, 'w_zero_point'), -1, { rounding: 'onnx', outDtype: 'i32' });
}

/** QLinearConv; `activation` is set when a QDQ group had a Relu before its QuantizeLinear. */
export function convertQLinearConv(c: NodeContext, activation: FusedActivation = 'none'): void {
  c.constant(3, 'weight');
  const xq = quantFrom(c, 1, 2, 0, 'input');
  const wq = quantFrom(c, 4, 5, 0, 'weight');
  const yq = quantFrom(c, 6, 7, 0, 'output');
  const bias = c.has(8) ? c.constant(8, 'bias') : undefined;
  convolution(c, viewQuantized(c, c.input(0), xq.quant, 'x_q'), viewQuantized(c, c.input(3), wq.quant, 'w_q'), bias ? c.input(8) : -1, {
    rounding: 'onnx', activation, outDtype: yq.dtype ?? c.tensor(0).dtype, outQuant: yq.quant,
  });
}

/** Zero point of ConvInteger/MatMulInteger operands as quantization with scale 1. */
export function integerQuant(c: NodeContext, zeroPointInput: number, dtype: DType, axis = 0): QuantParams {
  const zps = c.has(zeroPointInput) ? toNumbers(c.constant(zeroPointInput, 'zero point').data) : [0];
  if (!['u8', 'i8'].includes(dtype)) c.fail('onnx/unsupported-type', `integer operands must be uint8 or int8, got ${dtype}`);
  return { scale: zps.map(() => 1), zeroPoint: zps, axis: zps.length > 1 ? axis : 0 };
}

export function convertConvTranspose(c: NodeContext): void {
  const dims = spatialRank(c, c.input(0), 'transpose convolution');
  const xt = c.tensor(0);
  const wt = c.constant(1, 'weight');
  if (c.attrs.int('group', 1) !== 1) c.fail('onnx/unsupported-op', `grouped transpose convolution (group ${c.attrs.int('group', 1)}) is not supported`);
  if ((c.attrs.ints('dilations') ?? []).some((d) => d !== 1)) c.fail('onnx/unsupported-op', 'dilated transpose convolution is not supported');
  const spatial = xt.shape.slice(2);
  const kernel = c.attrs.ints('kernel_shape') ?? wt.shape.slice(2);
  const strides = c.attrs.ints('strides') ?? spatial.map(() => 1);
  const outputPadding = c.attrs.ints('output_padding') ?? spatial.map(() => 0);
  const autoPad = c.attrs.string('auto_pad', 'NOTSET');
  let begin = (c.attrs.ints('pads') ?? spatial.map(() => 0).concat(spatial.map(() => 0))).slice(0, dims);
  let end = (c.attrs.ints('pads') ?? spatial.map(() => 0).concat(spatial.map(() => 0))).slice(dims);
  const full = spatial.map((s, i) => strides[i]! * (s - 1) + outputPadding[i]! + kernel[i]!);
  const outputShape = c.attrs.ints('output_shape');
  const targets = outputShape ? outputShape.slice(-dims) : autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER' ? spatial.map((s, i) => s * strides[i]!) : undefined;
  if (targets) {
    // ONNX: the total padding splits with the odd pixel at the end for SAME_UPPER, at the start otherwise.
    const totals = full.map((f, i) => f - targets[i]!);
    begin = totals.map((t) => (autoPad === 'SAME_UPPER' ? Math.floor(t / 2) : t - Math.floor(t / 2)));
    end = totals.map((t, i) => t - begin[i]!);
  }
  // output_padding adds rows at the end: an end pad that much smaller.
  end = end.map((e, i) => e - outputPadding[i]!);
  const two = (xs: number[], fill: number): [number, number] => (dims === 1 ? [fill, xs[0]!] : [xs[0]!, xs[1]!]);
  const [top, left] = two(begin, 0);
  const [bottom, right] = two(end, 0);
  const [strideH, strideW] = two(strides, 1);
  const attrs = { pads: { top, left, bottom, right }, strideH, strideW, group: 1 };
  const bias = c.optional(2);
  if (bias >= 0) c.constant(2, 'bias');
  if (dims === 2) {
    c.emit('conv_transpose_nchw', attrs, bias >= 0 ? [c.input(0), c.input(1), bias] : [c.input(0), c.input(1)], { output: 0 });
    return;
  }
  const x4 = reshapeTo(c, c.input(0), as2d(xt.shape), { suffix: 'as2d' });
  const w4 = reshapeTo(c, c.input(1), as2d(wt.shape), { suffix: 'weights2d' });
  const y = c.emit('conv_transpose_nchw', attrs, bias >= 0 ? [x4, w4, bias] : [x4, w4], { suffix: 'conv2d' });
  const ys = c.tensorAt(y).shape;
  reshapeTo(c, y, [ys[0]!, ys[1]!, ys[3]!], { output: 0 });
}

function pool(c: NodeContext, kind: 'max_pool_nchw' | 'avg_pool_nchw'): void {
  if (c.hasOutput(1)) c.fail('onnx/unsupported-op', 'the Indices output of MaxPool is not supported');
  // 3-D and dilated windows go tap by tap (pool-taps.ts); the pool kernels take 1-D and 2-D ones.
  if (c.tensor(0).shape.length === 5 || (c.attrs.ints('dilations') ?? []).some((d) => d !== 1)) {
    poolByTaps(c, kind === 'max_pool_nchw' ? 'max' : 'avg');
    return;
  }
  const dims = spatialRank(c, c.input(0), 'pooling');
  const xt = c.tensor(0);
  const spatial = xt.shape.slice(2);
  const win = readWindow(c, spatial, undefined);
  const [h, w] = dims === 1 ? [1, spatial[0]!] : [spatial[0]!, spatial[1]!];
  const p = win.pads;
  // ceil_mode: a window that would start inside the end padding is dropped, as in ONNX Runtime.
  const ceil = c.attrs.int('ceil_mode', 0) === 1;
  const outSize = (size: number, k: number, s: number, b: number, e: number): number => {
    if (!ceil) return Math.floor((size + b + e - k) / s) + 1;
    const out = Math.ceil((size + b + e - k) / s) + 1;
    return (out - 1) * s >= size + b ? out - 1 : out;
  };
  const outH = outSize(h, win.kH, win.strideH, p.top, p.bottom);
  const outW = outSize(w, win.kW, win.strideW, p.left, p.right);
  let x = dims === 1 ? reshapeTo(c, c.input(0), as2d(xt.shape), { suffix: 'as2d' }) : c.input(0);
  let pads = { ...p };
  if (kind === 'avg_pool_nchw' && c.attrs.int('count_include_pad', 0) === 1 && (p.top || p.left || p.bottom || p.right)) {
    // Padded zeros count toward the average: make them real pixels.
    const paddings: Array<[number, number]> = [[0, 0], [0, 0], [p.top, p.bottom], [p.left, p.right]];
    x = c.emit('pad', { paddings }, [x], { suffix: 'count_include_pad' });
    pads = { top: 0, left: 0, bottom: 0, right: 0 };
  }
  const [ph, pw] = [c.tensorAt(x).shape[2]!, c.tensorAt(x).shape[3]!];
  // Extra end padding (never counted: pool windows are clipped to the image) gives the floor formula ceil's size.
  pads.bottom = Math.max(pads.bottom, (outH - 1) * win.strideH + win.kH - ph - pads.top);
  pads.right = Math.max(pads.right, (outW - 1) * win.strideW + win.kW - pw - pads.left);
  const attrs = { pads, strideH: win.strideH, strideW: win.strideW, filterH: win.kH, filterW: win.kW, activation: 'none' as const };
  if (dims === 2) {
    c.emit(kind, attrs, [x], { output: 0 });
    return;
  }
  const y = c.emit(kind, attrs, [x], { suffix: 'pool2d' });
  const ys = c.tensorAt(y).shape;
  reshapeTo(c, y, [ys[0]!, ys[1]!, ys[3]!], { output: 0 });
}

export const convertMaxPool = (c: NodeContext): void => {
  if (c.attrs.int('storage_order', 0) !== 0 && c.hasOutput(1)) c.fail('onnx/unsupported-op', 'storage_order is not supported');
  pool(c, 'max_pool_nchw');
};
export const convertAveragePool = (c: NodeContext): void => pool(c, 'avg_pool_nchw');

export function convertGlobalPool(kind: 'mean' | 'reduce_max') {
  return (c: NodeContext): void => {
    const rank = c.tensor(0).shape.length;
    if (rank < 3) c.fail('onnx/invalid', `the input must have rank 3 or more, got ${rank}`);
    const axes = Array.from({ length: rank - 2 }, (_, i) => i + 2);
    c.emit(kind, { axes, keepDims: true }, [c.input(0)], { output: 0 });
  };
}

export function convertBatchNormalization(c: NodeContext): void {
  if (c.attrs.int('training_mode', 0) !== 0) c.fail('onnx/unsupported-op', 'training_mode=1 is not supported; export the model in eval mode');
  if (c.opset < 7 && c.attrs.int('spatial', 1) !== 1) c.fail('onnx/unsupported-op', 'spatial=0 is not supported');
  for (let k = 1; k < c.node.output.length; k++) if (c.hasOutput(k)) c.fail('onnx/unsupported-op', 'the running-statistics outputs (training) are not supported');
  const x = c.tensor(0);
  const eps = Math.fround(c.attrs.float('epsilon', 1e-5));
  const [scale, bias, mean, variance] = [1, 2, 3, 4].map((i) => toNumbers(c.constant(i, ['scale', 'bias', 'mean', 'variance'][i - 1]!).data));
  const channels = x.shape[1] ?? 1;
  if ([scale, bias, mean, variance].some((v) => v!.length !== channels)) c.fail('onnx/invalid', `scale, bias, mean and variance must each hold ${channels} values`);
  const f = Math.fround;
  const mul = new Float32Array(channels);
  const add = new Float32Array(channels);
  for (let ch = 0; ch < channels; ch++) {
    mul[ch] = f(scale![ch]! / f(Math.sqrt(f(variance![ch]! + eps))));
    add[ch] = f(bias![ch]! - f(mean![ch]! * mul[ch]!));
  }
  // [C, 1, …] broadcasts along axis 1 of [N, C, …].
  const shape = [channels, ...new Array<number>(Math.max(0, x.shape.length - 2)).fill(1)];
  const scaled = c.emit('mul', { activation: 'none', potScaleInt16: false }, [c.input(0), c.constTensor('bn_scale', 'f32', shape, mul)], { suffix: 'bn_scale' });
  c.emit('add', { activation: 'none', potScaleInt16: false }, [scaled, c.constTensor('bn_shift', 'f32', shape, add)], { output: 0 });
}
