/**
 * Spatial arithmetic for convolutions and pooling on NHWC tensors.
 */
import type { Pads2d } from '../../ir/index.js';

/** Output extent of a window sliding over `size` with explicit pads. */
export function convOutSize(size: number, filter: number, stride: number, dilation: number, padBefore: number, padAfter: number): number {
  const effective = (filter - 1) * dilation + 1;
  return Math.floor((size + padBefore + padAfter - effective) / stride) + 1;
}

/** TFLite SAME/VALID padding turned into explicit pads (the odd pixel goes after). */
export function tflitePads(padding: 'same' | 'valid', inH: number, inW: number, filterH: number, filterW: number, strideH: number, strideW: number, dilationH: number, dilationW: number): Pads2d {
  if (padding === 'valid') return { top: 0, left: 0, bottom: 0, right: 0 };
  const along = (size: number, filter: number, stride: number, dilation: number): [number, number] => {
    const out = Math.ceil(size / stride);
    const effective = (filter - 1) * dilation + 1;
    const total = Math.max((out - 1) * stride + effective - size, 0);
    return [Math.floor(total / 2), total - Math.floor(total / 2)];
  };
  const [top, bottom] = along(inH, filterH, strideH, dilationH);
  const [left, right] = along(inW, filterW, strideW, dilationW);
  return { top, left, bottom, right };
}
