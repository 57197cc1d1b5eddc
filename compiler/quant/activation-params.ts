/**
 * Quantization parameters for int8 activations: choosing a clipping range
 * from calibration data, and turning a range into a scale and zero point the
 * way TFLite's converter does.
 *
 * Range methods:
 * - `minmax`: the observed extremes (TFLite's own calibration).
 * - `percentile`: drop a small tail on each side (outliers waste levels).
 * - `mse`: shrink [min, max] by the factor that minimises the expected
 *   squared quantization error over the histogram — rounding noise inside
 *   the range (s²/12 per value) against clipping error outside it.
 *
 * Every range is then widened to contain 0 (zero must be exact: padding and
 * relu depend on it), and the zero point is nudged to an integer with
 * TFLite's rule (from whichever end gives the smaller error).
 */
import type { QuantParams } from '../ir/index.js';
import { roundHalfAway } from './fixed-point.js';
import type { ValueHistogram } from './histogram.js';

export type RangeMethod = 'minmax' | 'percentile' | 'mse';

export interface Range {
  min: number;
  max: number;
}

const QMIN = -128;
const QMAX = 127;

/** The clipping range of one tensor under a method. */
export function chooseRange(h: ValueHistogram, method: RangeMethod, percentile = 99.999): Range {
  if (h.count === 0 || !Number.isFinite(h.min)) return { min: 0, max: 0 };
  switch (method) {
    case 'minmax':
      return { min: h.min, max: h.max };
    case 'percentile': {
      const tail = (100 - percentile) / 100;
      return { min: Math.min(0, h.quantile(tail)), max: Math.max(0, h.quantile(1 - tail)) };
    }
    case 'mse':
      return mseRange(h);
  }
}

/**
 * Candidate shrink factors for the clipping search: geometric from 1 down to
 * 1/1000 (3 % apart), so a lone outlier hundreds of times the bulk can be
 * clipped away as well as a slightly long tail.
 */
const CLIP_FACTORS: readonly number[] = Array.from({ length: 235 }, (_, i) => 0.97 ** i);

function mseRange(h: ValueHistogram): Range {
  const lo = Math.min(0, h.min);
  const hi = Math.max(0, h.max);
  const bins = h.bins();
  let best = { min: lo, max: hi };
  let bestErr = Infinity;
  for (const f of CLIP_FACTORS) {
    const min = lo * f;
    const max = hi * f;
    const s = (max - min) / (QMAX - QMIN);
    if (s === 0) break;
    let err = 0;
    for (const { centre, count } of bins) {
      if (centre < min) err += count * (centre - min) ** 2;
      else if (centre > max) err += count * (centre - max) ** 2;
      else err += (count * s * s) / 12;
    }
    if (err < bestErr) {
      bestErr = err;
      best = { min, max };
    }
  }
  return best;
}

/**
 * Asymmetric int8 parameters for a real range (TFLite's nudging): the range
 * is widened to include 0, scale = (max − min) / 255 stored as float32, and
 * the zero point comes from the end whose error is smaller, rounded and
 * clamped to [-128, 127]. A range of width 0 gets scale 1 (any scale
 * represents an all-zero tensor exactly).
 */
export function asymmetricParams(r: Range): QuantParams {
  const min = Math.min(0, r.min);
  const max = Math.max(0, r.max);
  if (max - min <= 0 || !Number.isFinite(max - min)) return { scale: [1], zeroPoint: [0], axis: 0 };
  const scale = (max - min) / (QMAX - QMIN);
  const fromMin = QMIN - min / scale;
  const fromMax = QMAX - max / scale;
  const fromMinError = Math.abs(QMIN) + Math.abs(min / scale);
  const fromMaxError = Math.abs(QMAX) + Math.abs(max / scale);
  const zp = fromMinError < fromMaxError ? fromMin : fromMax;
  const nudged = zp < QMIN ? QMIN : zp > QMAX ? QMAX : roundHalfAway(zp);
  return { scale: [Math.fround(scale)], zeroPoint: [nudged], axis: 0 };
}

/** The real range an int8 tensor with these parameters can represent. */
export function representableRange(q: QuantParams): Range {
  const s = q.scale[0] ?? 1;
  const zp = q.zeroPoint[0] ?? 0;
  return { min: s * (QMIN - zp), max: s * (QMAX - zp) };
}
