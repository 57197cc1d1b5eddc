/**
 * Per-axis quantization parameters laid out for element-wise kernels: the
 * channel of flat element i is ⌊i / inner⌋ mod channels.
 */
import { elementCount, type QuantParams } from '../../ir/index.js';

export interface ChannelLayout {
  scales: number[];
  zeroPoints: number[];
  /** Elements after the quantized axis (1 when per-tensor). */
  inner: number;
  /** Extent of the quantized axis (1 when per-tensor). */
  channels: number;
}

export function channelLayout(q: QuantParams | undefined, shape: readonly number[]): ChannelLayout {
  const scales = q?.scale.slice() ?? [1];
  const zeroPoints = q?.zeroPoint.slice() ?? [0];
  if (scales.length <= 1) return { scales, zeroPoints: [zeroPoints[0] ?? 0], inner: 1, channels: 1 };
  return { scales, zeroPoints, inner: elementCount(shape.slice(q!.axis + 1)), channels: scales.length };
}

export function channelOf(l: ChannelLayout, i: number): number {
  return l.channels === 1 ? 0 : Math.floor(i / l.inner) % l.channels;
}
