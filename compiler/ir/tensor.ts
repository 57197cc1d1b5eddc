/**
 * Tensors of the IR: static shape, element type, optional quantization and
 * optional constant data. A tensor that persists between runs (LSTM or SVDF
 * state) is marked so the planner keeps it out of the activation arena.
 */
import type { DType, TensorData } from './dtype.js';

/**
 * Affine quantization: real = scale * (q - zeroPoint). Per-tensor when the arrays
 * hold one entry; per-channel along `axis` otherwise. Scales are float32 values
 * stored as JS numbers, so arithmetic on them matches TFLite's float/double mix.
 */
export interface QuantParams {
  scale: number[];
  zeroPoint: number[];
  axis: number;
}

export interface Tensor {
  name: string;
  dtype: DType;
  shape: number[];
  quant?: QuantParams;
  /** Constant contents (weights, biases, shape operands). */
  data?: TensorData;
  /** Keeps its value between runs (state); never shares arena space. */
  persistent?: boolean;
}

export function elementCount(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function isPerChannel(q: QuantParams | undefined): boolean {
  return q !== undefined && q.scale.length > 1;
}

/** Scale of a per-tensor quantized tensor (first entry of per-channel ones). */
export function scaleOf(t: Tensor): number {
  return t.quant?.scale[0] ?? 1;
}

export function zeroPointOf(t: Tensor): number {
  return t.quant?.zeroPoint[0] ?? 0;
}

export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

/** A tensor that keeps its value between runs (a TFLite variable: an LSTM's or SVDF's state), not a constant. */
export function isStateTensor(t: Tensor): boolean {
  return t.persistent === true && t.data === undefined;
}

/**
 * The value every element of a state tensor starts from, and returns to on
 * reset: its zero point for int8 (TFLite Micro's reset of variable
 * tensors), 0 for every other type.
 */
export function stateInitialValue(t: Tensor): number {
  return t.dtype === 'i8' ? (t.quant?.zeroPoint[0] ?? 0) : 0;
}
