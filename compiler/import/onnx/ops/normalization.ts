/**
 * ONNX normalisations lowered at import, step by step as ONNX defines them
 * (float32): LayerNormalization, RMSNormalization, InstanceNormalization
 * and GroupNormalization. All share the same two steps: centre over the
 * normalised axes (except RMS), and divide by √(mean of squares + ε).
 */
import type { NodeContext } from '../context.js';
import { alongAxis, NO_ACTIVATION, normalizeAxes, requireFloat, reshapeTo } from './common.js';

type Out = { output?: number; suffix?: string };

/** The axes from attribute `axis` (default −1) to the last. */
function trailingAxes(c: NodeContext): number[] {
  const rank = c.tensor(0).shape.length;
  const first = normalizeAxes(c, [c.attrs.int('axis', -1)], rank)[0]!;
  return Array.from({ length: rank - first }, (_, i) => first + i);
}

/** x − mean(x) over `axes` (kept), and the mean. */
function centre(c: NodeContext, x: number, axes: number[], prefix: string, meanOut: Out = { suffix: `${prefix}mean` }): { mean: number; centred: number } {
  const mean = c.emit('mean', { axes, keepDims: true }, [x], meanOut);
  return { mean, centred: c.emit('sub', NO_ACTIVATION, [x, mean], { suffix: `${prefix}centred` }) };
}

/** √(mean(v²) + ε) over `axes` (kept): the standard deviation of centred v, or the root mean square of v. */
function rootMeanSquare(c: NodeContext, v: number, axes: number[], epsilon: number, prefix: string): number {
  const squares = c.emit('mul', NO_ACTIVATION, [v, v], { suffix: `${prefix}square` });
  const meanSquare = c.emit('mean', { axes, keepDims: true }, [squares], { suffix: `${prefix}mean_square` });
  const eps = c.constTensor(`${prefix}epsilon`, 'f32', [], new Float32Array([Math.fround(epsilon)]));
  return c.emit('sqrt', {}, [c.emit('add', NO_ACTIVATION, [meanSquare, eps], { suffix: `${prefix}mean_square_eps` })], { suffix: `${prefix}root` });
}

/**
 * LayerNormalization: over the axes from `axis` on, mean μ and variance
 * σ² = mean((x − μ)²), then (x − μ) · 1/√(σ² + ε) · scale + bias. The
 * optional outputs Mean and InvStdDev are μ and 1/√(σ² + ε), kept dims.
 */
export function convertLayerNormalization(c: NodeContext): void {
  requireFloat(c);
  const axes = trailingAxes(c);
  const { centred } = centre(c, c.input(0), axes, '', c.hasOutput(1) ? { output: 1 } : { suffix: 'mean' });
  const std = rootMeanSquare(c, centred, axes, c.attrs.float('epsilon', 1e-5), '');
  const inv = c.emit('reciprocal', {}, [std], c.hasOutput(2) ? { output: 2 } : { suffix: 'inv_std' });
  const normalised = c.emit('mul', NO_ACTIVATION, [centred, inv], { suffix: 'normalised' });
  const scaled = c.emit('mul', NO_ACTIVATION, [normalised, c.input(1)], c.has(2) ? { suffix: 'scaled' } : { output: 0 });
  if (c.has(2)) c.emit('add', NO_ACTIVATION, [scaled, c.input(2)], { output: 0 });
}

/** RMSNormalization: over the axes from `axis` on, x · 1/√(mean(x²) + ε) · scale. */
export function convertRmsNormalization(c: NodeContext): void {
  requireFloat(c);
  const rms = rootMeanSquare(c, c.input(0), trailingAxes(c), c.attrs.float('epsilon', 1e-5), '');
  const normalised = c.emit('mul', NO_ACTIVATION, [c.input(0), c.emit('reciprocal', {}, [rms], { suffix: 'inv_rms' })], { suffix: 'normalised' });
  c.emit('mul', NO_ACTIVATION, [normalised, c.input(1)], { output: 0 });
}

/** (x − mean) / √(var + ε) over `axes` of `x`. */
function standardise(c: NodeContext, x: number, axes: number[], epsilon: number, prefix: string): number {
  const { centred } = centre(c, x, axes, prefix);
  return c.emit('div', NO_ACTIVATION, [centred, rootMeanSquare(c, centred, axes, epsilon, prefix)], { suffix: `${prefix}normalised` });
}

/** Per-channel scale and bias (inputs `si`, `bi`, shape [C]) applied to an NC… tensor. */
function scaleAndBias(c: NodeContext, y: number, si: number, bi: number, rank: number): void {
  const channels = c.tensor(si).shape[0]!;
  const column = alongAxis(channels, 1, rank);
  const scale = reshapeTo(c, c.input(si), column, { suffix: 'scale_column' });
  const bias = reshapeTo(c, c.input(bi), column, { suffix: 'bias_column' });
  c.emit('add', NO_ACTIVATION, [c.emit('mul', NO_ACTIVATION, [y, scale], { suffix: 'scaled' }), bias], { output: 0 });
}

export function convertInstanceNormalization(c: NodeContext): void {
  requireFloat(c);
  const rank = c.tensor(0).shape.length;
  const y = standardise(c, c.input(0), Array.from({ length: rank - 2 }, (_, i) => i + 2), c.attrs.float('epsilon', 1e-5), 'instance_');
  scaleAndBias(c, y, 1, 2, rank);
}

/**
 * GroupNormalization: channels in `num_groups` groups, each normalised over
 * its channels and spatial elements. Scale and bias are per channel from
 * opset 21, per group before it.
 */
export function convertGroupNormalization(c: NodeContext): void {
  requireFloat(c);
  const shape = c.tensor(0).shape;
  const [n, ch] = shape as [number, number];
  const groups = c.attrs.int('num_groups', 0);
  if (groups < 1 || ch % groups !== 0) c.fail('onnx/bad-attribute', `num_groups ${groups} does not divide ${ch} channels`);
  const spatial = shape.slice(2).reduce((a, b) => a * b, 1);
  const grouped = reshapeTo(c, c.input(0), [n, groups, (ch / groups) * spatial], { suffix: 'groups' });
  const y = reshapeTo(c, standardise(c, grouped, [2], c.attrs.float('epsilon', 1e-5), 'group_'), shape.slice(), { suffix: 'ungrouped' });
  if (c.tensor(1).shape[0] === ch) {
    scaleAndBias(c, y, 1, 2, shape.length);
    return;
  }
  // Before opset 21: one scale and bias per group, repeated over its channels.
  const y4 = reshapeTo(c, y, [n, groups, ch / groups, spatial], { suffix: 'groups4' });
  const scale = reshapeTo(c, c.input(1), [groups, 1, 1], { suffix: 'scale_column' });
  const bias = reshapeTo(c, c.input(2), [groups, 1, 1], { suffix: 'bias_column' });
  const out = c.emit('add', NO_ACTIVATION, [c.emit('mul', NO_ACTIVATION, [y4, scale], { suffix: 'scaled' }), bias], { suffix: 'biased' });
  reshapeTo(c, out, shape.slice(), { output: 0 });
}
