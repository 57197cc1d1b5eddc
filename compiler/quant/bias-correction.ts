/**
 * Empirical bias correction for narrow weights.
 *
 * Rounding a layer's weights to 4 or 2 bits changes its expected output:
 * E[Ŵx] − E[Wx] = (Ŵ − W)·E[x], a systematic shift per output channel that
 * later layers amplify. With the mean input per channel measured during
 * calibration, the shift is computed and subtracted from the bias
 * (b' = b + (W − Ŵ)·μ), which removes the shift exactly on the
 * calibration data's average. Convolution taps that fall on padding see
 * zeros, not the mean: each tap's weight is scaled by the fraction of
 * output positions where it lands inside the image.
 */
import type { OpKind } from '../ir/index.js';

/** What "input channel" means per layer kind: how an input element index maps to a mean slot. */
export interface LayerGeometry {
  kind: OpKind;
  /** Weight tensor shape (conv OHWI, depthwise [1,H,W,C·M], fully connected [units, depth]). */
  weightShape: readonly number[];
  /** Input channels (conv, depthwise) or depth (fully connected): the length of `mean`. */
  inputChannels: number;
  /** Convolutions: per filter tap (ky·kW + kx), the fraction of output positions where it reads the image. */
  tapCoverage?: Float64Array;
}

/** Convolution window geometry, for `tapCoverage`. */
export interface WindowGeometry {
  inH: number; inW: number; outH: number; outW: number; kH: number; kW: number;
  strideH: number; strideW: number; dilationH: number; dilationW: number; padTop: number; padLeft: number;
}

/** Fraction of output positions at which each filter tap reads inside the input (not padding). */
export function tapCoverage(w: WindowGeometry): Float64Array {
  const along = (k: number, out: number, stride: number, dilation: number, pad: number, size: number): number => {
    let inside = 0;
    for (let o = 0; o < out; o++) {
      const i = o * stride - pad + k * dilation;
      if (i >= 0 && i < size) inside++;
    }
    return out > 0 ? inside / out : 0;
  };
  const cover = new Float64Array(w.kH * w.kW);
  for (let ky = 0; ky < w.kH; ky++) {
    const fy = along(ky, w.outH, w.strideH, w.dilationH, w.padTop, w.inH);
    for (let kx = 0; kx < w.kW; kx++) cover[ky * w.kW + kx] = fy * along(kx, w.outW, w.strideW, w.dilationW, w.padLeft, w.inW);
  }
  return cover;
}

/** Size of the per-position mean a layer needs (0 when the kind is not corrected). */
export function meanSlots(kind: OpKind, weightShape: readonly number[], inputShape: readonly number[]): number {
  if (kind === 'fully_connected') return weightShape[1] ?? 0;
  if (kind === 'conv2d' || kind === 'depthwise_conv2d') return inputShape[inputShape.length - 1] ?? 0;
  return 0;
}

/** b + (W − Ŵ)·μ per output channel; `bias` may be absent (zeros). */
export function correctedBias(geo: LayerGeometry, w: Float32Array, wq: Float32Array, mean: Float64Array, bias: Float32Array | undefined): Float32Array {
  const shape = geo.weightShape;
  const channels = geo.kind === 'depthwise_conv2d' ? shape[3]! : shape[0]!;
  const shift = new Float64Array(channels);
  if (geo.kind === 'depthwise_conv2d') {
    const multiplier = channels / geo.inputChannels;
    for (let i = 0; i < w.length; i++) {
      const oc = i % channels;
      const tap = geo.tapCoverage?.[Math.floor(i / channels)] ?? 1;
      shift[oc]! += (w[i]! - wq[i]!) * mean[Math.floor(oc / multiplier)]! * tap;
    }
  } else {
    // conv OHWI (grouped when the filter depth is below the input's) and fully connected [units, depth].
    const inner = shape[shape.length - 1]!;
    const perOc = w.length / channels;
    const groups = geo.kind === 'conv2d' ? geo.inputChannels / inner : 1;
    const ocPerGroup = channels / groups;
    for (let oc = 0; oc < channels; oc++) {
      const base = geo.kind === 'conv2d' ? Math.floor(oc / ocPerGroup) * inner : 0;
      for (let j = 0; j < perOc; j++) {
        const i = oc * perOc + j;
        const tap = geo.kind === 'conv2d' ? (geo.tapCoverage?.[Math.floor(j / inner)] ?? 1) : 1;
        shift[oc]! += (w[i]! - wq[i]!) * mean[base + (geo.kind === 'conv2d' ? j % inner : j)]! * tap;
      }
    }
  }
  return Float32Array.from(shift, (s, c) => (bias ? bias[c]! : 0) + s);
}
