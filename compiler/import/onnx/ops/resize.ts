/**
 * ONNX Resize (opset 11 on), lowered at import. Shapes are static, so where
 * every output coordinate samples the input is known at compile time: per
 * resized axis, each tap of the interpolation window is a gather with a
 * constant index table along that axis, and its weights a constant column
 * that broadcasts over the axes after it. Nearest is one gather per axis
 * (any element type, quantized included); linear and cubic sum two or four
 * weighted gathers (float32). Axes are resized one after another, which is
 * how ONNX's reference interpolates (one axis of the window at a time).
 *
 * The coordinate mapping, tap choice and weights follow ONNX's reference
 * implementation: the output size is floor(scale · length) from scales, or
 * the sizes given (keep_aspect_ratio_policy picks one scale for all axes);
 * taps outside the input repeat its edge unless exclude_outside drops them
 * and renormalises; tf_crop_and_resize samples inside the roi and writes
 * extrapolation_value where the source lies outside the input; with
 * antialias (opset 18) a downscaling window stretches over 1/scale input
 * steps, as many taps as it reaches.
 */
import type { NodeContext } from '../context.js';
import { alongAxis, normalizeAxes } from './common.js';

type Mode = 'nearest' | 'linear' | 'cubic';

/** Where output coordinate `o` of one axis samples the input: taps (edge-clamped indices) and their weights. */
interface Sample {
  indices: number[];
  weights: number[];
  /** tf_crop_and_resize: the source lies outside the input, the output is extrapolation_value. */
  outside: boolean;
}

interface AxisPlan {
  axis: number;
  inLen: number;
  outLen: number;
  scale: number;
  roi: [number, number];
}

interface Options {
  mode: Mode;
  transform: string;
  nearestMode: string;
  cubicA: number;
  excludeOutside: boolean;
  /** Downscaling linear and cubic stretch their window by 1/scale (opset 18). */
  antialias: boolean;
}

/** The source coordinate of output coordinate `x` (ONNX's coordinate_transformation_mode). */
function sourceCoordinate(x: number, p: AxisPlan, transform: string): number {
  const outWidth = p.scale * p.inLen;
  switch (transform) {
    case 'half_pixel': return (x + 0.5) / p.scale - 0.5;
    case 'pytorch_half_pixel': return outWidth === 1 ? -0.5 : (x + 0.5) / p.scale - 0.5;
    case 'align_corners': return outWidth === 1 ? 0 : (x * (p.inLen - 1)) / (outWidth - 1);
    case 'asymmetric': return x / p.scale;
    case 'half_pixel_symmetric': {
      const adjustment = p.outLen / outWidth;
      const offset = (p.inLen / 2) * (1 - adjustment);
      return offset + (x + 0.5) / p.scale - 0.5;
    }
    case 'tf_crop_and_resize': {
      const [start, end] = p.roi;
      const span = outWidth === 1 ? ((end - start) * (p.inLen - 1)) / 2 : (x * (end - start) * (p.inLen - 1)) / (outWidth - 1);
      return span + start * (p.inLen - 1);
    }
    default: throw new Error(`unknown transform ${transform}`);
  }
}

/** Cubic convolution's kernel at distance `d` (Keys, with a = cubic_coeff_a). */
function cubicKernel(d: number, A: number): number {
  const x = Math.abs(d);
  if (x <= 1) return ((A + 2) * x - (A + 3)) * x * x + 1;
  return x < 2 ? ((A * x - 5 * A) * x + 8 * A) * x - 4 * A : 0;
}

/**
 * Antialiased window weights: the kernel stretched by 1/scale when
 * downscaling (scale < 1), over the taps it reaches, normalised to sum 1.
 * Tap k lies at offset (first + k) − ratio from the source coordinate.
 */
function antialiasWeights(ratio: number, scale: number, o: Options): number[] {
  const s = Math.min(scale, 1);
  const first = Math.floor((o.mode === 'linear' ? -1 : -2) / s) + 1;
  const taps = 2 - 2 * first;
  const raw = Array.from({ length: taps }, (_, k) => {
    const d = (first + k - ratio) * s;
    return o.mode === 'linear' ? Math.min(Math.max(1 - Math.abs(d), 0), 1) : cubicKernel(d, o.cubicA);
  });
  const sum = raw.reduce((a, b) => a + b, 0);
  return raw.map((w) => w / sum);
}

/** The window weights for a source coordinate whose fraction is `ratio` ∈ (0, 1] (1 on a whole coordinate). */
function windowWeights(ratio: number, scale: number, o: Options): number[] {
  if (o.antialias && o.mode !== 'nearest') return antialiasWeights(ratio, scale, o);
  switch (o.mode) {
    case 'nearest': {
      if (ratio === 1) return [0, 1];
      switch (o.nearestMode) {
        case 'round_prefer_ceil': return ratio >= 0.5 ? [0, 1] : [1, 0];
        case 'floor': return [1, 0];
        case 'ceil': return [0, 1];
        default: return ratio > 0.5 ? [0, 1] : [1, 0];
      }
    }
    case 'linear': return [1 - ratio, ratio];
    case 'cubic': {
      const A = o.cubicA;
      const r1 = ratio + 1;
      const s = 1 - ratio;
      const s1 = s + 1;
      return [
        ((A * r1 - 5 * A) * r1 + 8 * A) * r1 - 4 * A,
        ((A + 2) * ratio - (A + 3)) * ratio * ratio + 1,
        ((A + 2) * s - (A + 3)) * s * s + 1,
        ((A * s1 - 5 * A) * s1 + 8 * A) * s1 - 4 * A,
      ];
    }
  }
}

function sampleAxis(p: AxisPlan, o: Options): Sample[] {
  return Array.from({ length: p.outLen }, (_, x) => {
    const source = sourceCoordinate(x, p, o.transform);
    const outside = o.transform === 'tf_crop_and_resize' && (source < 0 || source > p.inLen - 1);
    const whole = Number.isInteger(source);
    const ratio = whole ? 1 : source - Math.floor(source);
    const weights = windowWeights(ratio, p.scale, o);
    // The window's first tap: the taps nearest the source, the lower one preferred on a tie.
    const first = Math.ceil(source) - weights.length / 2;
    const raw = weights.map((_, k) => first + k);
    if (o.excludeOutside) {
      raw.forEach((i, k) => { if (i < 0 || i >= p.inLen) weights[k] = 0; });
      const sum = weights.reduce((a, b) => a + b, 0);
      weights.forEach((w, k) => (weights[k] = w / sum));
    }
    return { indices: raw.map((i) => Math.min(Math.max(i, 0), p.inLen - 1)), weights, outside };
  });
}

export function convertResize(c: NodeContext): void {
  const x = c.tensor(0);
  const rank = x.shape.length;
  if (c.opset < 11) c.fail('onnx/unsupported-opset', `Resize-${c.opset} is not supported (its coordinate rules differ)`, 're-export the model with opset 11 or later');
  const mode = c.attrs.string('mode', 'nearest') as Mode;
  if (!['nearest', 'linear', 'cubic'].includes(mode)) c.fail('onnx/bad-attribute', `mode '${mode}' is not nearest, linear or cubic`);
  const options: Options = {
    mode,
    transform: c.attrs.string('coordinate_transformation_mode', 'half_pixel'),
    nearestMode: c.attrs.string('nearest_mode', 'round_prefer_floor'),
    cubicA: c.attrs.float('cubic_coeff_a', -0.75),
    excludeOutside: c.attrs.int('exclude_outside', 0) === 1,
    antialias: c.attrs.int('antialias', 0) === 1,
  };
  const known = ['half_pixel', 'half_pixel_symmetric', 'pytorch_half_pixel', 'align_corners', 'asymmetric', 'tf_crop_and_resize'];
  if (!known.includes(options.transform)) c.fail('onnx/unsupported-op', `coordinate_transformation_mode '${options.transform}' is not supported`);
  if (mode !== 'nearest' && x.dtype !== 'f32') c.fail('onnx/unsupported-type', `${mode} Resize is supported on float32; the input is ${x.dtype}`, 'use mode=nearest, or resize in float32');

  const axes = normalizeAxes(c, c.attrs.ints('axes') ?? x.shape.map((_, i) => i), rank);
  const floats = (i: number): number[] | undefined => {
    if (!c.has(i)) return undefined;
    const values = Array.from(c.constant(i, i === 2 ? 'scales' : 'roi').data as ArrayLike<number>, Number);
    return values.length > 0 ? values : undefined;
  };
  const roi = options.transform === 'tf_crop_and_resize' ? floats(1) : undefined;
  const scalesGiven = floats(2);
  const sizesGiven = c.has(3) ? c.ints(3, 'sizes') : undefined;
  const scales = x.shape.map(() => 1);
  const outLens = x.shape.slice();
  if (sizesGiven !== undefined && sizesGiven.length > 0) {
    if (sizesGiven.length !== axes.length) c.fail('onnx/invalid', `sizes has ${sizesGiven.length} values for ${axes.length} axes`);
    axes.forEach((a, i) => { outLens[a] = sizesGiven[i]!; scales[a] = sizesGiven[i]! / x.shape[a]!; });
    const policy = c.attrs.string('keep_aspect_ratio_policy', 'stretch');
    if (policy !== 'stretch') {
      const ratios = axes.map((a) => scales[a]!);
      const common = policy === 'not_larger' ? Math.min(...ratios) : Math.max(...ratios);
      for (const a of axes) { scales[a] = common; outLens[a] = Math.floor(common * x.shape[a]! + 0.5); }
    }
  } else if (scalesGiven !== undefined) {
    if (scalesGiven.length !== axes.length) c.fail('onnx/invalid', `scales has ${scalesGiven.length} values for ${axes.length} axes`);
    axes.forEach((a, i) => { scales[a] = scalesGiven[i]!; outLens[a] = Math.floor(scalesGiven[i]! * x.shape[a]!); });
  } else {
    c.fail('onnx/invalid', 'Resize needs scales or sizes');
  }
  if (outLens.some((n) => n < 1)) c.fail('onnx/unsupported-op', `Resize to shape [${outLens.join(',')}] leaves an axis empty`);

  resample(c, { scales, outLens, axes, options, roi, extrapolation: Math.fround(c.attrs.float('extrapolation_value', 0)) });
}

/**
 * Upsample (opsets 7 and 9, deprecated for Resize): integer or fractional
 * scales per axis, nearest (the source index ⌊o / scale⌋, as ONNX's
 * reference repeats each element) or linear, both on asymmetric coordinates.
 */
export function convertUpsample(c: NodeContext): void {
  const x = c.tensor(0);
  const mode = c.attrs.string('mode', 'nearest');
  if (mode !== 'nearest' && mode !== 'linear') c.fail('onnx/bad-attribute', `mode '${mode}' is not nearest or linear`);
  if (mode === 'linear' && x.dtype !== 'f32') c.fail('onnx/unsupported-type', `linear Upsample is supported on float32; the input is ${x.dtype}`);
  const scales = c.opset < 9 ? c.attrs.floats('scales') ?? c.fail('onnx/bad-attribute', 'scales are required') : Array.from(c.constant(1, 'scales').data as ArrayLike<number>, Number);
  if (scales.length !== x.shape.length) c.fail('onnx/invalid', `scales has ${scales.length} values for rank ${x.shape.length}`);
  const options: Options = { mode: mode as Mode, transform: 'asymmetric', nearestMode: 'floor', cubicA: -0.75, excludeOutside: false, antialias: false };
  resample(c, { scales, outLens: x.shape.map((d, i) => Math.floor(d * scales[i]!)), axes: x.shape.map((_, i) => i), options, roi: undefined, extrapolation: 0 });
}

interface Resampling {
  scales: number[];
  outLens: number[];
  axes: number[];
  options: Options;
  roi: number[] | undefined;
  extrapolation: number;
}

/** The lowering itself: each resized axis in turn. */
function resample(c: NodeContext, r: Resampling): void {
  const x = c.tensor(0);
  const { scales, outLens, axes, options, roi, extrapolation } = r;
  const mode = options.mode;
  let current = c.input(0);
  const resized = axes.filter((a) => !(outLens[a] === x.shape[a] && scales[a] === 1));
  resized.forEach((axis, n) => {
    const k = axes.indexOf(axis);
    const plan: AxisPlan = { axis, inLen: x.shape[axis]!, outLen: outLens[axis]!, scale: scales[axis]!, roi: roi ? [roi[k]!, roi[axes.length + k]!] : [0, 1] };
    const samples = sampleAxis(plan, options);
    const last = n === resized.length - 1;
    current = resampleAxis(c, current, plan, samples, mode, last && !samples.some((s) => s.outside));
    if (samples.some((s) => s.outside)) current = extrapolate(c, current, plan, samples, extrapolation, last);
  });
  if (resized.length === 0) c.bind(0, current);
}

/** One axis resampled: Σ over the window's taps of gather(x, tap indices) · tap weights. */
function resampleAxis(c: NodeContext, input: number, p: AxisPlan, samples: Sample[], mode: Mode, isOutput: boolean): number {
  const x = c.tensorAt(input);
  const rank = x.shape.length;
  const out = (suffix: string) => (isOutput ? { output: 0 } : { suffix });
  const gather = (indices: number[], suffix: string, o: { output?: number; suffix?: string }): number => {
    const table = c.constTensor(`${suffix}_indices`, 'i32', [p.outLen], Int32Array.from(indices));
    return c.emit('gather', { axis: p.axis }, [input, table], { ...o, ...(x.quant ? { quant: x.quant } : {}) });
  };
  if (mode === 'nearest') {
    return gather(samples.map((s) => s.indices[s.weights.indexOf(1)]!), `axis${p.axis}`, out(`axis${p.axis}`));
  }
  const taps = samples[0]!.weights.length;
  const used = Array.from({ length: taps }, (_, t) => t).filter((t) => samples.some((s) => s.weights[t] !== 0));
  let sum = -1;
  used.forEach((t, i) => {
    const name = `axis${p.axis}_tap${t}`;
    const picked = gather(samples.map((s) => s.indices[t]!), name, { suffix: name });
    const weights = c.constTensor(`${name}_weights`, 'f32', alongAxis(p.outLen, p.axis, rank), Float32Array.from(samples, (s) => s.weights[t]!));
    const last = i === used.length - 1;
    const term = c.emit('mul', { activation: 'none', potScaleInt16: false }, [picked, weights], used.length === 1 ? out(`axis${p.axis}`) : { suffix: `${name}_weighted` });
    sum = sum < 0 ? term : c.emit('add', { activation: 'none', potScaleInt16: false }, [sum, term], last ? out(`axis${p.axis}`) : { suffix: `${name}_sum` });
  });
  return sum;
}

/** tf_crop_and_resize: where the source lies outside the input, extrapolation_value. */
function extrapolate(c: NodeContext, input: number, p: AxisPlan, samples: Sample[], value: number, isOutput: boolean): number {
  const rank = c.tensorAt(input).shape.length;
  const outside = c.constTensor(`axis${p.axis}_outside`, 'bool', alongAxis(p.outLen, p.axis, rank), Uint8Array.from(samples, (s) => (s.outside ? 1 : 0)));
  const fill = c.constTensor(`axis${p.axis}_extrapolation`, 'f32', [], new Float32Array([value]));
  return c.emit('where', {}, [outside, fill, input], isOutput ? { output: 0, dtype: 'f32' } : { suffix: `axis${p.axis}_extrapolated`, dtype: 'f32' });
}
