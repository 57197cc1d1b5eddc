/**
 * What the vector depthwise kernels (Helium, NEON) share: the biases they
 * start windows from, their parameter list, and the offset of a tap in the
 * NHWC input. Both vectorise across channels in TFLite's [kH][kW][C]
 * weight layout, so these are identical but for the vector width.
 */
import type { DepthwiseConv2dPrepared } from '../../../ops/depthwise-conv2d.js';
import type { KernelContext, KernelParam } from '../kernel.js';
import { biasValues, foldedBias, int8Weights, roundUp } from './common.js';

export interface DepthwiseBiases {
  /** The bias as given (zero where absent), for windows that cross the border. */
  plain: Int32Array;
  /** The bias with the input offset folded in over every tap, for windows inside the image. */
  folded: Int32Array;
}

type Ctx = Pick<KernelContext<DepthwiseConv2dPrepared>, 'graph' | 'op' | 'prepared'>;

/** Both biases, padded to whole vectors of `lanes` channels; undefined when the folded sum cannot be formed exactly. */
export function depthwiseBiases(ctx: Ctx, lanes: number): DepthwiseBiases | undefined {
  const p = ctx.prepared;
  const taps = p.kH * p.kW;
  const filter = int8Weights(ctx.graph, ctx.op, p.weightBits, taps * p.outC);
  // foldedBias sums each channel's taps: hand it the weights channel-major.
  const channelMajor = Int8Array.from({ length: filter.length }, (_, i) => filter[(i % taps) * p.outC + Math.floor(i / taps)]!);
  const bias = biasValues(ctx.graph, ctx.op);
  const folded = foldedBias(bias, channelMajor, p.outC, taps, p.inputOffset, roundUp(p.outC, lanes));
  if (folded === undefined) return undefined;
  const plain = new Int32Array(roundUp(p.outC, lanes));
  if (bias) plain.set(bias);
  return { plain, folded };
}

/** The kernel function's parameters: input, weights, both biases, output. */
export function depthwiseParams(ctx: Ctx, b: DepthwiseBiases): KernelParam[] {
  const p = ctx.prepared;
  return [
    { kind: 'input', index: 0, name: 'input', ctype: 'int8_t' },
    { kind: 'data', name: 'weights', ctype: 'int8_t', data: int8Weights(ctx.graph, ctx.op, p.weightBits, p.kH * p.kW * p.outC) },
    { kind: 'data', name: 'bias_folded', ctype: 'int32_t', data: b.folded },
    { kind: 'data', name: 'bias_plain', ctype: 'int32_t', data: b.plain },
    { kind: 'output', index: 0, name: 'output', ctype: 'int8_t' },
  ];
}

/** Offset in input elements of tap (ky, kx) from the window's origin: a constant when both are, else a C expression. */
export function tapOffsetOf(p: DepthwiseConv2dPrepared, channels: number): (ky: number | string, kx: number | string) => string {
  return (ky, kx) =>
    typeof ky === 'number' && typeof kx === 'number'
      ? String((ky * p.dilationH * p.inW + kx * p.dilationW) * channels)
      : `(${ky} * ${p.dilationH * p.inW} + ${kx} * ${p.dilationW}) * ${channels}`;
}
