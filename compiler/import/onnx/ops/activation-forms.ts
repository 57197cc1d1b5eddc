/**
 * ONNX activations and small element-wise forms that are compositions of
 * IR kinds every backend runs, lowered at import as ONNX defines them:
 * Elu, Selu, Celu, Softplus, Softsign, ThresholdedRelu, Mish, Shrink,
 * Gelu, Sum, LpNormalization and Trilu. Float32 (Sum
 * and Trilu take any element type the kernels copy or add).
 */
import { allocData, type DType, type TensorData } from '../../../ir/index.js';
import type { NodeContext } from '../context.js';
import { NO_ACTIVATION, normalizeAxes, requireFloat } from './common.js';

type Out = { output?: number; suffix?: string };

/** Small builders over the node's context, naming intermediates after the node. */
function forms(c: NodeContext) {
  const scalar = (name: string, v: number): number => c.constTensor(name, 'f32', [], new Float32Array([Math.fround(v)]));
  const binary = (kind: 'add' | 'sub' | 'mul' | 'div' | 'maximum' | 'minimum') => (a: number, b: number, o: Out): number => c.emit(kind, NO_ACTIVATION, [a, b], o);
  return {
    scalar,
    add: binary('add'), sub: binary('sub'), mul: binary('mul'), div: binary('div'), max: binary('maximum'), min: binary('minimum'),
    unary: (kind: 'exp' | 'log' | 'tanh' | 'abs' | 'sqrt', x: number, o: Out): number => c.emit(kind, {}, [x], o),
    greater: (a: number, b: number, suffix: string): number => c.emit('compare', { test: 'greater' }, [a, b], { suffix, dtype: 'bool' }),
    where: (cond: number, a: number, b: number, o: Out): number => c.emit('where', {}, [cond, a, b], { ...o, dtype: 'f32' }),
  };
}

/** α · (eˣ − 1), the negative branch of Elu and Selu. */
function expm1Scaled(c: NodeContext, x: number, alpha: number): number {
  const f = forms(c);
  return f.mul(f.sub(f.unary('exp', x, { suffix: 'exp' }), f.scalar('one', 1), { suffix: 'expm1' }), f.scalar('alpha', alpha), { suffix: 'negative' });
}

/** x where x > 0, else α · (eˣ − 1) (then · γ for Selu). */
function eluLike(c: NodeContext, alpha: number, gamma?: number): void {
  requireFloat(c);
  const f = forms(c);
  const x = c.input(0);
  const positive = f.greater(x, f.scalar('zero', 0), 'positive');
  const picked = f.where(positive, x, expm1Scaled(c, x, alpha), gamma === undefined ? { output: 0 } : { suffix: 'elu' });
  if (gamma !== undefined) f.mul(picked, f.scalar('gamma', gamma), { output: 0 });
}

export const convertElu = (c: NodeContext): void => eluLike(c, c.attrs.float('alpha', 1));
export const convertSelu = (c: NodeContext): void => eluLike(c, c.attrs.float('alpha', 1.67326319217681884765625), c.attrs.float('gamma', 1.05070102214813232421875));

/** Celu: max(0, x) + min(0, α · (e^(x/α) − 1)). */
export function convertCelu(c: NodeContext): void {
  requireFloat(c);
  const f = forms(c);
  const alpha = c.attrs.float('alpha', 1);
  const x = c.input(0);
  const zero = f.scalar('zero', 0);
  const scaled = f.div(x, f.scalar('alpha_div', alpha), { suffix: 'over_alpha' });
  const negative = f.min(zero, expm1Scaled(c, scaled, alpha), { suffix: 'negative_part' });
  f.add(f.max(zero, x, { suffix: 'positive_part' }), negative, { output: 0 });
}

/** log(eˣ + 1). */
function softplus(c: NodeContext, x: number, o: Out): number {
  const f = forms(c);
  return f.unary('log', f.add(f.unary('exp', x, { suffix: 'softplus_exp' }), f.scalar('softplus_one', 1), { suffix: 'softplus_sum' }), o);
}

export function convertSoftplus(c: NodeContext): void {
  requireFloat(c);
  softplus(c, c.input(0), { output: 0 });
}

/** Softsign: x / (1 + |x|). */
export function convertSoftsign(c: NodeContext): void {
  requireFloat(c);
  const f = forms(c);
  const x = c.input(0);
  f.div(x, f.add(f.scalar('one', 1), f.unary('abs', x, { suffix: 'abs' }), { suffix: 'denominator' }), { output: 0 });
}

/** ThresholdedRelu: x where x > α, else 0. */
export function convertThresholdedRelu(c: NodeContext): void {
  requireFloat(c);
  const f = forms(c);
  const x = c.input(0);
  f.where(f.greater(x, f.scalar('alpha', c.attrs.float('alpha', 1)), 'above'), x, f.scalar('zero', 0), { output: 0 });
}

/** Mish: x · tanh(softplus(x)). */
export function convertMish(c: NodeContext): void {
  requireFloat(c);
  const f = forms(c);
  const x = c.input(0);
  f.mul(x, f.unary('tanh', softplus(c, x, { suffix: 'softplus' }), { suffix: 'tanh' }), { output: 0 });
}

/** Shrink: x + bias below −λ, x − bias above λ, 0 between. */
export function convertShrink(c: NodeContext): void {
  requireFloat(c);
  const f = forms(c);
  const x = c.input(0);
  const lambd = c.attrs.float('lambd', 0.5);
  const bias = f.scalar('bias', c.attrs.float('bias', 0));
  const below = c.emit('compare', { test: 'less' }, [x, f.scalar('minus_lambd', -lambd)], { suffix: 'below', dtype: 'bool' });
  const above = f.greater(x, f.scalar('lambd', lambd), 'above');
  const high = f.where(above, f.sub(x, bias, { suffix: 'minus_bias' }), f.scalar('zero', 0), { suffix: 'high' });
  f.where(below, f.add(x, bias, { suffix: 'plus_bias' }), high, { output: 0 });
}

/** Gelu: 0.5 · x · (1 + erf(x/√2)), or with approximate = 'tanh' 0.5 · x · (1 + tanh(√(2/π) · (x + 0.044715 · x³))). */
export function convertGelu(c: NodeContext): void {
  requireFloat(c);
  const f = forms(c);
  const x = c.input(0);
  if (c.attrs.string('approximate', 'none') !== 'tanh') {
    const e = c.emit('erf', {}, [f.mul(x, f.scalar('inv_sqrt2', Math.SQRT1_2), { suffix: 'scaled' })], { suffix: 'erf' });
    f.mul(f.mul(x, f.scalar('half', 0.5), { suffix: 'half_x' }), f.add(e, f.scalar('one', 1), { suffix: 'one_plus' }), { output: 0 });
    return;
  }
  const cube = f.mul(f.mul(x, x, { suffix: 'square' }), x, { suffix: 'cube' });
  const inner = f.add(x, f.mul(cube, f.scalar('c', 0.044715), { suffix: 'cube_scaled' }), { suffix: 'inner' });
  const t = f.unary('tanh', f.mul(inner, f.scalar('sqrt_2_over_pi', Math.sqrt(2 / Math.PI)), { suffix: 'tanh_arg' }), { suffix: 'tanh' });
  const half = f.mul(x, f.scalar('half', 0.5), { suffix: 'half_x' });
  f.mul(half, f.add(t, f.scalar('one', 1), { suffix: 'one_plus' }), { output: 0 });
}

/** Sum of one or more inputs (NumPy broadcasting), added in input order. */
export function convertSum(c: NodeContext): void {
  const inputs = c.node.input.map((_, i) => i).filter((i) => c.has(i)).map((i) => c.input(i));
  if (inputs.length === 0) c.fail('onnx/invalid', 'Sum needs at least one input');
  if (inputs.length === 1) {
    c.bind(0, inputs[0]!);
    return;
  }
  let acc = inputs[0]!;
  inputs.slice(1).forEach((x, k) => {
    acc = c.emit('add', NO_ACTIVATION, [acc, x], k === inputs.length - 2 ? { output: 0 } : { suffix: `sum${k}` });
  });
}

/** LpNormalization: x / ‖x‖ₚ along `axis` (p = 1: Σ|x|; p = 2: √Σx²), 0 where the norm is 0. */
export function convertLpNormalization(c: NodeContext): void {
  requireFloat(c);
  const f = forms(c);
  const x = c.input(0);
  const axis = normalizeAxes(c, [c.attrs.int('axis', -1)], c.tensor(0).shape.length)[0]!;
  const p = c.attrs.int('p', 2);
  if (p !== 1 && p !== 2) c.fail('onnx/bad-attribute', `p = ${p}; LpNormalization has p = 1 or 2`);
  const keep = { axes: [axis], keepDims: true };
  const norm = p === 1
    ? c.emit('reduce_sum', keep, [f.unary('abs', x, { suffix: 'abs' })], { suffix: 'norm' })
    : f.unary('sqrt', c.emit('reduce_sum', keep, [f.mul(x, x, { suffix: 'square' })], { suffix: 'sum_squares' }), { suffix: 'norm' });
  // A zero norm (all of x zero along the axis) divides by 1 instead, so the output is 0 rather than 0/0.
  const isZero = c.emit('compare', { test: 'equal' }, [norm, f.scalar('zero', 0)], { suffix: 'norm_zero', dtype: 'bool' });
  f.div(x, f.where(isZero, f.scalar('one', 1), norm, { suffix: 'divisor' }), { output: 0 });
}

/** One element holding real zero: 0, or the zero point of a quantized tensor. */
function zeroOf(dtype: DType, zeroPoint = 0): TensorData {
  if (dtype === 'i64') return new BigInt64Array([BigInt(zeroPoint)]);
  const data = allocData(dtype, 1);
  data[0] = zeroPoint;
  return data;
}

/** Trilu: the lower (upper = 0) or upper triangle of the last two dims from diagonal k, zeros elsewhere. */
export function convertTrilu(c: NodeContext): void {
  const x = c.tensor(0);
  if (x.shape.length < 2) c.fail('onnx/invalid', 'Trilu needs an input of rank 2 or more');
  const k = c.has(1) ? (c.ints(1, 'k')[0] ?? 0) : 0;
  const upper = c.attrs.int('upper', 1) === 1;
  const [rows, cols] = x.shape.slice(-2) as [number, number];
  const keep = new Uint8Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) keep[i * cols + j] = (upper ? j - i >= k : j - i <= k) ? 1 : 0;
  const mask = c.constTensor('triangle', 'bool', [rows, cols], keep);
  const zero = c.constTensor('zero', x.dtype, [], zeroOf(x.dtype, x.quant?.zeroPoint[0]), x.quant);
  c.emit('where', {}, [mask, c.input(0), zero], { output: 0, dtype: x.dtype, ...(x.quant ? { quant: x.quant } : {}) });
}
