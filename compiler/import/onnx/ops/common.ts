/**
 * Helpers shared by the ONNX operator converters: window geometry
 * (kernel, strides, dilations, explicit or automatic pads), axes, and
 * quantized views of tensors.
 */
import { type DType, type Pads2d, type QuantParams } from '../../../ir/index.js';
import type { NodeContext } from '../context.js';
import { toNumbers } from '../tensor-proto.js';

/** Spatial window attributes of Conv/ConvTranspose/pools, for 1-D or 2-D windows (1-D as H = 1). */
export interface Window2d {
  kH: number; kW: number;
  strideH: number; strideW: number;
  dilationH: number; dilationW: number;
  pads: Pads2d;
  autoPad: string;
}

/** A window over any number of spatial dims: per dim kernel, stride, dilation and the pads before and after. */
export interface WindowNd {
  kernel: number[];
  strides: number[];
  dilations: number[];
  padsBegin: number[];
  padsEnd: number[];
  autoPad: string;
}

/**
 * Reads kernel_shape (or the filter's spatial dims), strides, dilations,
 * pads and auto_pad for a window over `spatial` (the input's spatial
 * extent, one entry per spatial dim).
 */
export function readWindowNd(c: NodeContext, spatial: number[], kernel: number[] | undefined): WindowNd {
  const rank = spatial.length;
  const k = c.attrs.ints('kernel_shape') ?? kernel;
  if (!k || k.length !== rank) c.fail('onnx/bad-attribute', `kernel_shape ${JSON.stringify(k)} does not fit ${rank} spatial dims`);
  const strides = c.attrs.ints('strides') ?? new Array<number>(rank).fill(1);
  const dilations = c.attrs.ints('dilations') ?? new Array<number>(rank).fill(1);
  const pads = c.attrs.ints('pads') ?? new Array<number>(2 * rank).fill(0);
  if (strides.length !== rank || dilations.length !== rank || pads.length !== 2 * rank) {
    c.fail('onnx/bad-attribute', `strides, dilations and pads must have ${rank}, ${rank} and ${2 * rank} entries`);
  }
  if (pads.some((p) => p < 0)) c.fail('onnx/unsupported-op', `negative pads ${JSON.stringify(pads)} are not supported`);
  const autoPad = c.attrs.string('auto_pad', 'NOTSET');
  let begin = pads.slice(0, rank);
  let end = pads.slice(rank);
  if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
    const totals = spatial.map((size, i) => {
      const eff = (k![i]! - 1) * dilations[i]! + 1;
      return Math.max(0, (Math.ceil(size / strides[i]!) - 1) * strides[i]! + eff - size);
    });
    begin = totals.map((t) => (autoPad === 'SAME_UPPER' ? Math.floor(t / 2) : Math.ceil(t / 2)));
    end = totals.map((t, i) => t - begin[i]!);
  } else if (autoPad === 'VALID') {
    begin = begin.map(() => 0);
    end = end.map(() => 0);
  } else if (autoPad !== 'NOTSET') {
    c.fail('onnx/bad-attribute', `auto_pad '${autoPad}' is not one of NOTSET, SAME_UPPER, SAME_LOWER, VALID`);
  }
  return { kernel: k!, strides, dilations, padsBegin: begin, padsEnd: end, autoPad };
}

/** The window of a 1-D or 2-D Conv/ConvTranspose/pool (1-D as H = 1). */
export function readWindow(c: NodeContext, spatial: number[], kernel: number[] | undefined): Window2d {
  const w = readWindowNd(c, spatial, kernel);
  const two = (xs: number[], fill: number): [number, number] => (spatial.length === 1 ? [fill, xs[0]!] : [xs[0]!, xs[1]!]);
  const [kH, kW] = two(w.kernel, 1);
  const [strideH, strideW] = two(w.strides, 1);
  const [dilationH, dilationW] = two(w.dilations, 1);
  const [top, left] = two(w.padsBegin, 0);
  const [bottom, right] = two(w.padsEnd, 0);
  return { kH, kW, strideH, strideW, dilationH, dilationW, pads: { top, left, bottom, right }, autoPad: w.autoPad };
}

/** Normalizes possibly negative axes against `rank`. */
export function normalizeAxes(c: NodeContext, axes: number[], rank: number): number[] {
  return axes.map((a) => {
    const n = a < 0 ? a + rank : a;
    if (n < 0 || n >= rank) c.fail('onnx/bad-attribute', `axis ${a} is out of range for rank ${rank}`);
    return n;
  });
}

/** Axes from the attribute (older opsets) or the optional input `inputIndex` (newer ones). */
export function axesOf(c: NodeContext, inputSince: number, inputIndex: number): number[] | undefined {
  if (c.opset >= inputSince) return c.has(inputIndex) ? c.ints(inputIndex, 'axes') : undefined;
  return c.attrs.ints('axes');
}

/** Quantization parameters from constant scale and zero-point inputs (zero point optional). */
export function quantFrom(c: NodeContext, scaleInput: number, zeroPointInput: number, axis: number, role: string): { quant: QuantParams; dtype: DType | undefined } {
  const scaleT = c.constant(scaleInput, `${role} scale`);
  const scale = toNumbers(scaleT.data).map(Math.fround);
  const zpT = c.has(zeroPointInput) ? c.constant(zeroPointInput, `${role} zero point`) : undefined;
  const zeroPoint = zpT ? toNumbers(zpT.data) : new Array<number>(scale.length).fill(0);
  if (zeroPoint.length !== scale.length && zeroPoint.length !== 1) c.fail('onnx/invalid', `${role} has ${scale.length} scales but ${zeroPoint.length} zero points`);
  const zps = zeroPoint.length === scale.length ? zeroPoint : new Array<number>(scale.length).fill(zeroPoint[0]!);
  return { quant: { scale, zeroPoint: zps, axis: scale.length > 1 ? axis : 0 }, dtype: zpT?.dtype };
}

/** The same data seen with quantization parameters: a relabelled constant, or a zero-cost reshape view of a runtime tensor. */
export function viewQuantized(c: NodeContext, index: number, quant: QuantParams | undefined, suffix: string): number {
  const t = c.tensorAt(index);
  if (quant === undefined || sameQuant(t.quant, quant)) return index;
  if (t.data !== undefined) return c.constTensor(suffix, t.dtype, t.shape.slice(), t.data, quant);
  return c.emit('reshape', {}, [index], { suffix, shape: t.shape.slice(), quant });
}

/** Reshape to `shape` (constant inputs fold). */
export function reshapeTo(c: NodeContext, index: number, shape: number[], o: { output?: number; suffix?: string } = {}): number {
  const t = c.tensorAt(index);
  if (t.shape.length === shape.length && t.shape.every((d, i) => d === shape[i])) {
    if (o.output !== undefined) c.bind(o.output, index);
    return index;
  }
  return c.emit('reshape', {}, [index], { ...o, shape, ...(t.quant ? { quant: t.quant } : {}) });
}

export function sameQuant(a: QuantParams | undefined, b: QuantParams | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.axis === b.axis && a.scale.length === b.scale.length && a.scale.every((s, i) => s === b.scale[i]) && a.zeroPoint.every((z, i) => z === b.zeroPoint[i]);
}

/** Binary-op attributes for an element-wise step of a lowering: no fused activation. */
export const NO_ACTIVATION = { activation: 'none', potScaleInt16: false } as const;

/** Lowerings that compute in float32 refuse other element types with a diagnostic naming the input. */
export function requireFloat(c: NodeContext, i = 0): void {
  const dtype = c.tensor(i).dtype;
  if (dtype !== 'f32') c.fail('onnx/unsupported-type', `${c.node.opType} is supported on float32 tensors; input ${i} is ${dtype}`, 'compute it in float32, or quantize around it');
}

/**
 * Copies input 0 to output 0 through one gather per listed axis, each with
 * a constant table of the input position every output position takes
 * (`sources(axis)`): padding, tiling and other pure re-indexings, exact for
 * any element type. No axes: the output is the input.
 */
export function gatherAlongAxes(c: NodeContext, axes: readonly number[], sources: (axis: number) => Int32Array, suffix: string): void {
  const x = c.tensor(0);
  if (axes.length === 0) {
    c.bind(0, c.input(0));
    return;
  }
  let current = c.input(0);
  axes.forEach((axis, n) => {
    const table = sources(axis);
    const index = c.constTensor(`axis${axis}_source`, 'i32', [table.length], table);
    const out = n === axes.length - 1 ? { output: 0 } : { suffix: `axis${axis}_${suffix}` };
    current = c.emit('gather', { axis }, [current, index], { ...out, ...(x.quant ? { quant: x.quant } : {}) });
  });
}

/** The shape of a per-position constant along `axis` of a rank-`rank` tensor that broadcasts over the axes after it: [n, 1, …, 1]. */
export const alongAxis = (n: number, axis: number, rank: number): number[] => [n, ...new Array<number>(rank - axis - 1).fill(1)];
