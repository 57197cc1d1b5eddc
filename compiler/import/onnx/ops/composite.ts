/**
 * ONNX operators that are short compositions of IR kinds every backend
 * already runs, lowered at import: LogSoftmax, PRelu, Pow (constant exponents),
 * Split and the reductions ReduceSumSquare, ReduceL1, ReduceL2,
 * ReduceLogSum and ReduceLogSumExp. Each follows the operator's ONNX
 * definition step by step in float32, so results agree with ONNX Runtime
 * to float rounding; a fused kernel would be faster but not needed for the
 * models these operators appear in (classifier heads, normalisation layers).
 */
import type { NodeContext } from '../context.js';
import { NO_ACTIVATION, axesOf, normalizeAxes, requireFloat, reshapeTo } from './common.js';

/** log(softmax(x)) along `axis` as x − max − log Σ exp(x − max), the stable form ONNX's definition uses. */
function logSoftmaxOf(c: NodeContext, x: number, axis: number, output?: number): number {
  const keep = { axes: [axis], keepDims: true };
  const max = c.emit('reduce_max', keep, [x], { suffix: 'max' });
  const shifted = c.emit('sub', NO_ACTIVATION, [x, max], { suffix: 'shifted' });
  const sum = c.emit('reduce_sum', keep, [c.emit('exp', {}, [shifted], { suffix: 'exp' })], { suffix: 'sum' });
  const log = c.emit('log', {}, [sum], { suffix: 'log_sum' });
  return c.emit('sub', NO_ACTIVATION, [shifted, log], output === undefined ? { suffix: 'log_softmax' } : { output });
}

export function convertLogSoftmax(c: NodeContext): void {
  requireFloat(c);
  const x = c.tensor(0);
  const rank = x.shape.length;
  if (rank === 0) c.fail('onnx/invalid', 'LogSoftmax needs an input of rank 1 or more');
  const axis = normalizeAxes(c, [c.attrs.int('axis', c.opset >= 13 ? -1 : 1)], rank)[0]!;
  if (c.opset >= 13 || axis === rank - 1) {
    logSoftmaxOf(c, c.input(0), axis, 0);
    return;
  }
  // Before opset 13 the input is flattened to [outer, inner] at `axis`, and the inner block normalised.
  const outer = x.shape.slice(0, axis).reduce((n, d) => n * d, 1);
  const inner = x.shape.slice(axis).reduce((n, d) => n * d, 1);
  const flat = reshapeTo(c, c.input(0), [outer, inner], { suffix: 'flatten' });
  reshapeTo(c, logSoftmaxOf(c, flat, 1), x.shape.slice(), { output: 0 });
}

/**
 * Pow with a constant scalar exponent, the forms exported models use:
 * x², x³ (LayerNorm and GELU decompositions) as products, x^0.5 as Sqrt,
 * x^-1 as Reciprocal, x^-0.5 as both, x^1 as x. Other exponents, and
 * exponents computed at run time, are refused.
 */
export function convertPow(c: NodeContext): void {
  requireFloat(c);
  const e = c.isConstant(1) ? Array.from(c.constant(1, 'exponent').data as ArrayLike<number>, Number) : undefined;
  if (e === undefined || e.length !== 1 || !e.every((v) => v === e[0])) {
    c.fail('onnx/unsupported-op', 'Pow is supported with one constant exponent (1, 2, 3, 0.5, -1 or -0.5)', 'fold the exponent into a constant, or rewrite the power as products');
  }
  const x = c.input(0);
  const square = (o: { output?: number; suffix?: string }): number => c.emit('mul', NO_ACTIVATION, [x, x], o);
  switch (e[0]) {
    case 1: c.bind(0, x); return;
    case 2: square({ output: 0 }); return;
    case 3: c.emit('mul', NO_ACTIVATION, [square({ suffix: 'square' }), x], { output: 0 }); return;
    case 0.5: c.emit('sqrt', {}, [x], { output: 0 }); return;
    case -1: c.emit('reciprocal', {}, [x], { output: 0 }); return;
    case -0.5: c.emit('reciprocal', {}, [c.emit('sqrt', {}, [x], { suffix: 'sqrt' })], { output: 0 }); return;
    default:
      c.fail('onnx/unsupported-op', `Pow with exponent ${e[0]} is not supported (1, 2, 3, 0.5, -1 and -0.5 are)`, 'rewrite the power as products, or compute it outside the model');
  }
}

/** PRelu: x where x ≥ 0, slope · x below, as relu(x) − slope · relu(−x) (exact: negation and a zero term are). */
export function convertPRelu(c: NodeContext): void {
  requireFloat(c);
  const x = c.tensor(0);
  const slope = c.tensor(1);
  // Before opset 7 a slope of one value per channel lines up with axis 1 (PyTorch's exports), not the last axis.
  const perChannel = c.opset < 7 && slope.shape.length === 1 && x.shape.length > 2 && slope.shape[0] === x.shape[1] && slope.shape[0] !== 1;
  const slopeInput = perChannel ? reshapeTo(c, c.input(1), [slope.shape[0]!, ...new Array<number>(x.shape.length - 2).fill(1)], { suffix: 'slope_per_channel' }) : c.input(1);
  const positive = c.emit('relu', {}, [c.input(0)], { suffix: 'positive' });
  const negated = c.emit('relu', {}, [c.emit('neg', {}, [c.input(0)], { suffix: 'neg' })], { suffix: 'negative' });
  const slopeTimes = c.emit('mul', NO_ACTIVATION, [negated, slopeInput], { suffix: 'slope' });
  c.emit('sub', NO_ACTIVATION, [positive, slopeTimes], { output: 0 });
}

type Reduction = 'ReduceSumSquare' | 'ReduceL1' | 'ReduceL2' | 'ReduceLogSum' | 'ReduceLogSumExp';

/** The reductions ONNX defines as a sum of a map of x, then a map of the sum. */
export function convertReduceComposite(op: Reduction) {
  return (c: NodeContext): void => {
    requireFloat(c);
    const x = c.tensor(0);
    const axes = axesOf(c, 18, 1);
    const keepDims = c.attrs.int('keepdims', 1) === 1;
    const empty = axes === undefined || axes.length === 0;
    if (empty && c.attrs.int('noop_with_empty_axes', 0) === 1) {
      c.fail('onnx/unsupported-op', `${op} with no axes and noop_with_empty_axes=1 is not supported`, 'give the axes to reduce');
    }
    const resolved = empty ? x.shape.map((_, i) => i) : normalizeAxes(c, axes, x.shape.length);
    if (resolved.some((a) => x.shape[a] === 0)) c.fail('onnx/unsupported-op', `${op} over an empty axis is not supported`);
    const sum = (input: number, output?: number): number =>
      c.emit('reduce_sum', { axes: resolved, keepDims }, [input], output === undefined ? { suffix: 'sum' } : { output });
    switch (op) {
      case 'ReduceSumSquare':
        sum(c.emit('mul', NO_ACTIVATION, [c.input(0), c.input(0)], { suffix: 'square' }), 0);
        return;
      case 'ReduceL1':
        sum(c.emit('abs', {}, [c.input(0)], { suffix: 'abs' }), 0);
        return;
      case 'ReduceL2':
        c.emit('sqrt', {}, [sum(c.emit('mul', NO_ACTIVATION, [c.input(0), c.input(0)], { suffix: 'square' }))], { output: 0 });
        return;
      case 'ReduceLogSum':
        c.emit('log', {}, [sum(c.input(0))], { output: 0 });
        return;
      case 'ReduceLogSumExp': {
        // max + log Σ exp(x − max): the same value without overflow for large x.
        const max = c.emit('reduce_max', { axes: resolved, keepDims: true }, [c.input(0)], { suffix: 'max' });
        const shifted = c.emit('sub', NO_ACTIVATION, [c.input(0), max], { suffix: 'shifted' });
        const log = c.emit('log', {}, [sum(c.emit('exp', {}, [shifted], { suffix: 'exp' }))], { suffix: 'log_sum' });
        const shape = keepDims ? undefined : c.tensorAt(log).shape.slice();
        const maxOut = keepDims ? max : reshapeTo(c, max, shape!, { suffix: 'max_squeezed' });
        c.emit('add', NO_ACTIVATION, [log, maxOut], { output: 0 });
      }
    }
  };
}

/** Split: one slice per output along `axis`, sizes from the `split` input (attribute before opset 13), else equal parts. */
export function convertSplit(c: NodeContext): void {
  const x = c.tensor(0);
  const rank = x.shape.length;
  const axis = normalizeAxes(c, [c.attrs.int('axis', 0)], rank)[0]!;
  const dim = x.shape[axis]!;
  const outputs = c.node.output.length;
  const given = c.opset >= 13 ? (c.has(1) ? c.ints(1, 'split') : undefined) : c.attrs.ints('split');
  let sizes: number[];
  if (given !== undefined && given.length > 0) {
    sizes = given;
    if (sizes.length !== outputs || sizes.some((s) => s < 0) || sizes.reduce((a, b) => a + b, 0) !== dim) {
      c.fail('onnx/invalid', `split sizes ${JSON.stringify(sizes)} do not divide axis ${axis} of length ${dim} into ${outputs} outputs`);
    }
  } else {
    const parts = c.opset >= 18 ? c.attrs.int('num_outputs', outputs) : outputs;
    if (parts !== outputs) c.fail('onnx/invalid', `num_outputs ${parts} differs from the node's ${outputs} outputs`);
    // Opset 18: equal parts of ⌈dim / n⌉, the last one smaller when n does not divide dim.
    const part = Math.ceil(dim / parts);
    if (c.opset < 18 && dim % parts !== 0) c.fail('onnx/invalid', `axis ${axis} of length ${dim} does not split into ${parts} equal parts`);
    sizes = Array.from({ length: parts }, (_, k) => Math.max(0, Math.min(part, dim - k * part)));
  }
  let start = 0;
  sizes.forEach((size, k) => {
    const begin = x.shape.map(() => 0);
    const end = x.shape.slice();
    begin[axis] = start;
    end[axis] = start + size;
    start += size;
    if (!c.hasOutput(k)) return;
    if (size === 0) c.fail('onnx/unsupported-op', `output ${k} of the split is empty, which Ingot does not support`);
    c.emit('strided_slice', { begin, end, strides: x.shape.map(() => 1), squeeze: [] }, [c.input(0)], { output: k, ...(x.quant ? { quant: x.quant } : {}) });
  });
}
