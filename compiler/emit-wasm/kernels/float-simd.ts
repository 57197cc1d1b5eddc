/**
 * Float32 SIMD128 kernels for CONV_2D, DEPTHWISE_CONV_2D and
 * FULLY_CONNECTED: their configurations, the compile-time weight layouts
 * (four output channels innermost, zero-padded to a multiple of four) and
 * the dispatch to the register-blocked kernels (float-conv-block.ts,
 * float-depthwise-block.ts; fully connected is a 1x1 convolution of a 1x1
 * image). Each lane adds its products in exactly the reference's order
 * (window row, column, input channel; or depth) with a float32 multiply and
 * a float32 add per step — IEEE single arithmetic, so the same bits as the
 * portable kernels and the reference, not merely close.
 */
import type { Op } from '../../ir/index.js';
import type { ConvGeometry } from '../../ops/conv2d.js';
import type { Expr, FunctionBuilder } from '../binaryen.js';
import { outputOperand, tensorOperand, type KernelPlan } from './kernel.js';
import { emitFloatConvBlocked } from './float-conv-block.js';
import { emitFloatDepthwiseBlocked } from './float-depthwise-block.js';

export interface FloatWindowConfig {
  kind: 'float-window';
  /** conv: every input channel feeds every output channel; depthwise: lane c sees input channel c. */
  depthwise: boolean;
  batches: number;
  inH: number; inW: number; inC: number;
  outH: number; outW: number; outC: number;
  kH: number; kW: number;
  strideH: number; strideW: number;
  padTop: number; padLeft: number;
  hasBias: boolean;
  actMin: number;
  actMax: number;
}

export interface FloatDenseConfig {
  kind: 'float-dense';
  batches: number;
  depth: number;
  units: number;
  hasBias: boolean;
  actMin: number;
  actMax: number;
}

const groupsOf = (n: number): number => Math.ceil(n / 4);

/** Conv weights [oc][ky][kx][ic] → [group][ky][kx][ic][4], zero lanes past outC. */
export function packConvWeights(w: Float32Array, outC: number, kH: number, kW: number, inC: number): Uint8Array {
  const taps = kH * kW * inC;
  const out = new Float32Array(groupsOf(outC) * taps * 4);
  for (let oc = 0; oc < outC; oc++) {
    for (let t = 0; t < taps; t++) out[(Math.floor(oc / 4) * taps + t) * 4 + (oc % 4)] = w[oc * taps + t]!;
  }
  return new Uint8Array(out.buffer);
}

/** Dense weights [units][depth] → [group][depth][4]. */
export function packDenseWeights(w: Float32Array, units: number, depth: number): Uint8Array {
  return packConvWeights(w, units, 1, 1, depth);
}

/** Bias padded to whole groups of four (zeros without a bias). */
export function packBias(bias: Float32Array | undefined, n: number): Uint8Array {
  const out = new Float32Array(groupsOf(n) * 4);
  if (bias) out.set(bias.subarray(0, n));
  return new Uint8Array(out.buffer);
}

/** Parameters: input, packed weights, packed bias, output. */
export function emitFloatWindow(f: FunctionBuilder, c: FloatWindowConfig): Expr {
  return c.depthwise ? emitFloatDepthwiseBlocked(f, c) : emitFloatConvBlocked(f, c);
}

/** Parameters: input, packed weights, packed bias, output: a 1x1 window over a 1x1 image of `depth` channels. */
export function emitFloatDense(f: FunctionBuilder, c: FloatDenseConfig): Expr {
  return emitFloatConvBlocked(f, {
    kind: 'float-window', depthwise: false, batches: c.batches, inH: 1, inW: 1, inC: c.depth, outH: 1, outW: 1, outC: c.units,
    kH: 1, kW: 1, strideH: 1, strideW: 1, padTop: 0, padLeft: 0, hasBias: c.hasBias, actMin: c.actMin, actMax: c.actMax,
  });
}

/**
 * The plan of a float32 convolution-like layer on the window kernel: its
 * geometry and clamp, the packed weights (packConvWeights, or the
 * depthwise lanes) and the bias (input, packed weights, bias, output).
 */
export function floatWindowPlan(op: Op, p: ConvGeometry & { actMin: number; actMax: number }, depthwise: boolean, weights: Uint8Array,
  bias: Float32Array | undefined): KernelPlan<FloatWindowConfig> {
  const config: FloatWindowConfig = {
    kind: 'float-window', depthwise, batches: p.batches, inH: p.inH, inW: p.inW, inC: p.inC, outH: p.outH, outW: p.outW, outC: p.outC,
    kH: p.kH, kW: p.kW, strideH: p.strideH, strideW: p.strideW, padTop: p.padTop, padLeft: p.padLeft, hasBias: bias !== undefined, actMin: p.actMin, actMax: p.actMax,
  };
  return { config, operands: [tensorOperand(op, 0), { table: weights }, { table: packBias(bias, p.outC) }, outputOperand(op)] };
}
