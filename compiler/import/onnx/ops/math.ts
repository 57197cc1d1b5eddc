/**
 * ONNX element-wise, activation, softmax and reduction operators → IR.
 *
 * Operators with only constant inputs are evaluated at import (fold.ts);
 * the rest map onto IR kinds, preferring existing kinds where the semantics
 * are identical (Sigmoid → logistic, Clip(0, 6) → relu6, …). Softmax over
 * an inner axis becomes transpose–softmax–transpose; before opset 13 it is
 * reshape–softmax–reshape (ONNX then flattened the trailing dims).
 */
import type { CompareTest, OpKind } from '../../../ir/index.js';
import type { NodeContext } from '../context.js';
import { foldElementwise } from './fold.js';
import { axesOf, normalizeAxes, reshapeTo } from './common.js';

/** Evaluates the node now when every input is constant (as `opType`, by default its own); true when it did. */
export function foldIfConstant(c: NodeContext, opType = c.node.opType): boolean {
  const present = c.node.input.map((_, i) => i).filter((i) => c.has(i));
  if (present.length === 0 || !present.every((i) => c.isConstant(i))) return false;
  const folded = foldElementwise(opType, present.map((i) => c.tryConstant(i)!));
  if (!folded) return false;
  c.bindConstant(0, folded.dtype, folded.shape, folded.data);
  return true;
}

/** Opset < 7 binary ops broadcast B against A from `axis` when `broadcast=1`. */
function legacyBroadcast(c: NodeContext, b: number): number {
  if (c.opset >= 7 || c.attrs.int('broadcast', 0) !== 1) return b;
  const aRank = c.tensor(0).shape.length;
  const bShape = c.tensorAt(b).shape;
  const axis = c.attrs.int('axis', aRank - bShape.length);
  const trailing = aRank - (axis < 0 ? axis + aRank : axis) - bShape.length;
  return trailing > 0 ? reshapeTo(c, b, [...bShape, ...new Array<number>(trailing).fill(1)], { suffix: 'broadcast' }) : b;
}

export function convertBinary(kind: 'add' | 'sub' | 'mul' | 'div') {
  return (c: NodeContext): void => {
    if (foldIfConstant(c)) return;
    const b = legacyBroadcast(c, c.input(1));
    c.emit(kind, { activation: 'none', potScaleInt16: false }, [c.input(0), b], { output: 0 });
  };
}

/** Equal, Less, …, And, Or, Xor: constants fold; otherwise a compare op giving a bool tensor. */
export function convertCompare(test: CompareTest) {
  return (c: NodeContext): void => {
    if (foldIfConstant(c)) return;
    c.emit('compare', { test }, [c.input(0), legacyBroadcast(c, c.input(1))], { output: 0, dtype: 'bool' });
  };
}

/** Not: x == false. */
export function convertNot(c: NodeContext): void {
  if (foldIfConstant(c)) return;
  const no = c.constTensor('false', 'bool', [], new Uint8Array([0]));
  c.emit('compare', { test: 'equal' }, [c.input(0), no], { output: 0, dtype: 'bool' });
}

/** Where(condition, x, y): constants fold; otherwise a where op. */
export function convertWhere(c: NodeContext): void {
  if (foldIfConstant(c)) return;
  const x = c.tensor(1);
  c.emit('where', {}, [c.input(0), c.input(1), c.input(2)], { output: 0, dtype: x.dtype, ...(x.quant ? { quant: x.quant } : {}) });
}

/** Max / Min of one or more inputs (NumPy broadcasting), as a chain of binary maximum / minimum. */
export function convertExtremum(kind: 'maximum' | 'minimum') {
  return (c: NodeContext): void => {
    if (foldIfConstant(c)) return;
    const inputs = c.node.input.map((_, i) => i).filter((i) => c.has(i)).map((i) => c.input(i));
    if (inputs.length === 0) c.fail('onnx/invalid', `${c.node.opType} needs at least one input`);
    if (inputs.length === 1) {
      c.bind(0, inputs[0]!);
      return;
    }
    let acc = inputs[0]!;
    inputs.slice(1).forEach((x, k) => {
      const last = k === inputs.length - 2;
      acc = c.emit(kind, { activation: 'none', potScaleInt16: false }, [acc, x], last ? { output: 0 } : { suffix: `${kind}${k}` });
    });
  };
}

type UnaryKind = Extract<OpKind, 'relu' | 'logistic' | 'tanh' | 'exp' | 'log' | 'sqrt' | 'reciprocal' | 'abs' | 'neg' | 'hard_swish' | 'sin' | 'cos' | 'tan' | 'asin' | 'acos' | 'atan' | 'sinh' | 'cosh' | 'asinh' | 'acosh' | 'atanh' | 'erf' | 'sign' | 'floor' | 'ceil' | 'round'>;

export function convertUnary(kind: UnaryKind) {
  return (c: NodeContext): void => {
    if (foldIfConstant(c)) return;
    c.emit(kind, {} as never, [c.input(0)], { output: 0 });
  };
}

export function convertLeakyRelu(c: NodeContext): void {
  c.emit('leaky_relu', { alpha: Math.fround(c.attrs.float('alpha', 0.01)) }, [c.input(0)], { output: 0 });
}

export function convertHardSigmoid(c: NodeContext): void {
  c.emit('hard_sigmoid', { alpha: c.attrs.float('alpha', 0.2), beta: c.attrs.float('beta', 0.5) }, [c.input(0)], { output: 0 });
}

/** Clip bounds that an existing activation kind implements exactly (float only). */
const CLIP_KINDS: Array<{ min: number; max: number; kind: 'relu' | 'relu6' | 'relu_n1_to_1' }> = [
  { min: 0, max: Infinity, kind: 'relu' },
  { min: 0, max: 6, kind: 'relu6' },
  { min: -1, max: 1, kind: 'relu_n1_to_1' },
];

export function convertClip(c: NodeContext): void {
  const x = c.tensor(0);
  // Opset < 11 carries the bounds as attributes (defaulting to ∓FLT_MAX); later opsets as optional inputs.
  const min = c.opset < 11 ? c.attrs.float('min', -Infinity) : c.scalar(1, 'min') ?? -Infinity;
  const max = c.opset < 11 ? c.attrs.float('max', Infinity) : c.scalar(2, 'max') ?? Infinity;
  const lo = Math.abs(min) >= 3.4e38 ? -Infinity : min;
  const hi = Math.abs(max) >= 3.4e38 ? Infinity : max;
  const same = x.dtype === 'f32' && lo <= hi ? CLIP_KINDS.find((k) => k.min === lo && k.max === hi) : undefined;
  if (same) c.emit(same.kind, {}, [c.input(0)], { output: 0 });
  else c.emit('clip', { min: lo, max: hi }, [c.input(0)], { output: 0 });
}

export function convertSoftmax(c: NodeContext): void {
  const x = c.tensor(0);
  const rank = x.shape.length;
  if (rank === 0) c.fail('onnx/invalid', 'softmax needs an input of rank 1 or more');
  const axis = normalizeAxes(c, [c.attrs.int('axis', c.opset >= 13 ? -1 : 1)], rank)[0]!;
  const attrs = { beta: 1 };
  if (c.opset < 13) {
    // Softmax-1/11 flattens to [outer, inner] at `axis` and normalises the inner block.
    const outer = x.shape.slice(0, axis).reduce((n, d) => n * d, 1);
    const inner = x.shape.slice(axis).reduce((n, d) => n * d, 1);
    if (axis === rank - 1) { c.emit('softmax', attrs, [c.input(0)], { output: 0 }); return; }
    const flat = reshapeTo(c, c.input(0), [outer, inner], { suffix: 'flatten' });
    const y = c.emit('softmax', attrs, [flat], { suffix: 'softmax' });
    reshapeTo(c, y, x.shape.slice(), { output: 0 });
    return;
  }
  if (axis === rank - 1) { c.emit('softmax', attrs, [c.input(0)], { output: 0 }); return; }
  const perm = Array.from({ length: rank }, (_, i) => i);
  perm[axis] = rank - 1;
  perm[rank - 1] = axis;
  const moved = c.emit('transpose', { perm }, [c.input(0)], { suffix: 'to_last' });
  const y = c.emit('softmax', attrs, [moved], { suffix: 'softmax' });
  c.emit('transpose', { perm }, [y], { output: 0 });
}

/** ArgMax / ArgMin: the index along one axis, int64 (keepdims and select_last_index as ONNX). */
export function convertArgReduce(max: boolean) {
  return (c: NodeContext): void => {
    const rank = c.tensor(0).shape.length;
    const axis = normalizeAxes(c, [c.attrs.int('axis', 0)], rank)[0]!;
    const attrs = { max, axis, keepDims: c.attrs.int('keepdims', 1) === 1, selectLastIndex: c.attrs.int('select_last_index', 0) === 1 };
    c.emit('arg_reduce', attrs, [c.input(0)], { output: 0, dtype: 'i64' });
  };
}

/** Mod on constants (shape arithmetic), in the sign convention its fmod attribute picks. */
export function convertMod(c: NodeContext): void {
  if (!foldIfConstant(c, c.attrs.int('fmod', 0) === 1 ? 'FMod' : 'Mod')) {
    c.fail('onnx/unsupported-op', 'Mod is only supported on constant inputs (shape arithmetic)', 'simplify the model (e.g. onnxsim) or replace this op');
  }
}

/** Opset in which each reduction's axes moved from an attribute to input 1. */
const AXES_INPUT_SINCE: Record<string, number> = { ReduceSum: 13, ReduceMean: 18, ReduceMax: 18, ReduceMin: 18 };

export function convertReduce(kind: 'mean' | 'reduce_sum' | 'reduce_prod' | 'reduce_max' | 'reduce_min') {
  return (c: NodeContext): void => {
    const x = c.tensor(0);
    const axes = axesOf(c, AXES_INPUT_SINCE[c.node.opType] ?? 18, 1);
    const keepDims = c.attrs.int('keepdims', 1) === 1;
    if ((axes === undefined || axes.length === 0) && c.attrs.int('noop_with_empty_axes', 0) === 1) {
      c.emit('reshape', {}, [c.input(0)], { output: 0, shape: x.shape.slice() });
      return;
    }
    const resolved = axes && axes.length > 0 ? normalizeAxes(c, axes, x.shape.length) : x.shape.map((_, i) => i);
    c.emit(kind, { axes: resolved, keepDims }, [c.input(0)], { output: 0 });
  };
}
