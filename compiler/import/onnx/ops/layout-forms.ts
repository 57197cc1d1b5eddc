/**
 * ONNX data-movement forms lowered at import onto kinds every backend
 * runs: Tile (a gather per repeated axis whose constant table takes each
 * output position modulo the input length), DepthToSpace and SpaceToDepth
 * (reshape, transpose, reshape, as ONNX defines them), CumSum (a product with a
 * constant triangle of ones along the summed axis; float32), Hardmax and
 * OneHot (comparisons with a constant column of axis positions).
 */
import type { NodeContext } from '../context.js';
import { alongAxis, gatherAlongAxes, NO_ACTIVATION, normalizeAxes, requireFloat, reshapeTo } from './common.js';

export function convertTile(c: NodeContext): void {
  const x = c.tensor(0);
  const repeats = c.ints(1, 'repeats');
  if (repeats.length !== x.shape.length || repeats.some((r) => r < 1)) c.fail('onnx/invalid', `repeats ${JSON.stringify(repeats)} do not fit rank ${x.shape.length}`);
  const axes = repeats.map((r, a) => (r > 1 ? a : -1)).filter((a) => a >= 0);
  gatherAlongAxes(c, axes, (axis) => Int32Array.from({ length: x.shape[axis]! * repeats[axis]! }, (_, o) => o % x.shape[axis]!), 'tiled');
}

/** DepthToSpace (DCR or CRD) on NCHW: channels become blocksize × blocksize spatial blocks. */
export function convertDepthToSpace(c: NodeContext): void {
  const [n, ch, h, w] = shape4(c);
  const b = c.attrs.int('blocksize', 0);
  if (b < 1 || ch % (b * b) !== 0) c.fail('onnx/bad-attribute', `blocksize ${b} does not divide ${ch} channels into blocks`);
  const crd = c.attrs.string('mode', 'DCR') === 'CRD';
  const split = reshapeTo(c, c.input(0), crd ? [n, ch / (b * b), b, b, h, w] : [n, b, b, ch / (b * b), h, w], { suffix: 'blocks' });
  const moved = c.emit('transpose', { perm: crd ? [0, 1, 4, 2, 5, 3] : [0, 3, 4, 1, 5, 2] }, [split], { suffix: 'moved' });
  reshapeTo(c, moved, [n, ch / (b * b), h * b, w * b], { output: 0 });
}

/** SpaceToDepth on NCHW: each blocksize × blocksize spatial block becomes channels. */
export function convertSpaceToDepth(c: NodeContext): void {
  const [n, ch, h, w] = shape4(c);
  const b = c.attrs.int('blocksize', 0);
  if (b < 1 || h % b !== 0 || w % b !== 0) c.fail('onnx/bad-attribute', `blocksize ${b} does not divide ${h}×${w}`);
  const split = reshapeTo(c, c.input(0), [n, ch, h / b, b, w / b, b], { suffix: 'blocks' });
  const moved = c.emit('transpose', { perm: [0, 3, 5, 1, 2, 4] }, [split], { suffix: 'moved' });
  reshapeTo(c, moved, [n, ch * b * b, h / b, w / b], { output: 0 });
}

function shape4(c: NodeContext): [number, number, number, number] {
  const s = c.tensor(0).shape;
  if (s.length !== 4) c.fail('onnx/invalid', `${c.node.opType} takes a 4-D NCHW input, not rank ${s.length}`);
  return s as [number, number, number, number];
}

/** CumSum along a constant axis: x moved to the last axis times a constant [L, L] triangle of ones (exclusive, reverse as ONNX). */
export function convertCumSum(c: NodeContext): void {
  requireFloat(c);
  const x = c.tensor(0);
  const rank = x.shape.length;
  const axis = normalizeAxes(c, c.ints(1, 'axis'), rank)[0]!;
  const len = x.shape[axis]!;
  const exclusive = c.attrs.int('exclusive', 0) === 1;
  const reverse = c.attrs.int('reverse', 0) === 1;
  // out[j] = Σ_i x[i] · T[i][j], T[i][j] = 1 when i is summed into j.
  const triangle = new Float32Array(len * len);
  for (let i = 0; i < len; i++) {
    for (let j = 0; j < len; j++) {
      const into = reverse ? (exclusive ? i > j : i >= j) : (exclusive ? i < j : i <= j);
      triangle[i * len + j] = into ? 1 : 0;
    }
  }
  const perm = Array.from({ length: rank }, (_, i) => i);
  perm[axis] = rank - 1;
  perm[rank - 1] = axis;
  const last = axis === rank - 1 ? c.input(0) : c.emit('transpose', { perm }, [c.input(0)], { suffix: 'to_last' });
  const t = c.constTensor('triangle', 'f32', [len, len], triangle);
  const summed = c.emit('batch_matmul', {}, [last, t], axis === rank - 1 ? { output: 0 } : { suffix: 'summed' });
  if (axis !== rank - 1) c.emit('transpose', { perm }, [summed], { output: 0 });
}

/** A constant int64 (or int32) iota 0 … n−1 along `axis` of a rank-`rank` tensor, `offset` added: shape [n, 1, …]. */
function iotaColumn(c: NodeContext, name: string, n: number, axis: number, rank: number, dtype: 'i64' | 'i32', offset = 0): number {
  const shape = alongAxis(n, axis, rank);
  const data = dtype === 'i64' ? BigInt64Array.from({ length: n }, (_, i) => BigInt(i + offset)) : Int32Array.from({ length: n }, (_, i) => i + offset);
  return c.constTensor(name, dtype, shape, data);
}

/**
 * Hardmax: 1 at the first largest element along the axis, 0 elsewhere —
 * ArgMax (keeping the axis), compared with the axis positions. Before
 * opset 13 the input is flattened to 2-D at `axis`, as for Softmax.
 */
export function convertHardmax(c: NodeContext): void {
  requireFloat(c);
  const x = c.tensor(0);
  const rank = x.shape.length;
  let axis = normalizeAxes(c, [c.attrs.int('axis', c.opset >= 13 ? -1 : 1)], rank)[0]!;
  let input = c.input(0);
  let shape = x.shape.slice();
  if (c.opset < 13) {
    shape = [x.shape.slice(0, axis).reduce((a, b) => a * b, 1), x.shape.slice(axis).reduce((a, b) => a * b, 1)];
    input = reshapeTo(c, input, shape, { suffix: 'flatten' });
    axis = 1;
  }
  const best = c.emit('arg_reduce', { max: true, axis, keepDims: true, selectLastIndex: false }, [input], { suffix: 'argmax', dtype: 'i64' });
  const positions = iotaColumn(c, 'positions', shape[axis]!, axis, shape.length, 'i64');
  const hit = c.emit('compare', { test: 'equal' }, [positions, best], { suffix: 'hit', dtype: 'bool' });
  const one = c.constTensor('one', 'f32', [], new Float32Array([1]));
  const zero = c.constTensor('zero', 'f32', [], new Float32Array([0]));
  if (c.opset < 13) {
    const flat = c.emit('where', {}, [hit, one, zero], { suffix: 'hardmax', dtype: 'f32' });
    reshapeTo(c, flat, x.shape.slice(), { output: 0 });
    return;
  }
  c.emit('where', {}, [hit, one, zero], { output: 0, dtype: 'f32' });
}

/**
 * OneHot(indices, depth, values): a new axis of length depth where the
 * position equal to the index (a negative index counts from the end) takes
 * values[1] and every other values[0]. Indices are int32 or int64, constant
 * or computed at run time; depth is a constant.
 */
export function convertOneHot(c: NodeContext): void {
  const idx = c.tensor(0);
  if (idx.dtype !== 'i64' && idx.dtype !== 'i32') c.fail('onnx/unsupported-type', `OneHot indices are ${idx.dtype}; int32 and int64 are supported`);
  const depthValues = c.constant(1, 'depth').data as ArrayLike<number | bigint>;
  const depth = Number(depthValues[0]);
  if (!Number.isInteger(depth) || depth < 1) c.fail('onnx/invalid', `depth ${depth} is not a positive whole number`);
  const rank = idx.shape.length + 1;
  const axis = normalizeAxes(c, [c.attrs.int('axis', -1)], rank)[0]!;
  const column = reshapeTo(c, c.input(0), [...idx.shape.slice(0, axis), 1, ...idx.shape.slice(axis)], { suffix: 'indices_column' });
  const dtype = idx.dtype as 'i64' | 'i32';
  const hit = c.emit('compare', { test: 'or' }, [
    c.emit('compare', { test: 'equal' }, [column, iotaColumn(c, 'positions', depth, axis, rank, dtype)], { suffix: 'hit', dtype: 'bool' }),
    c.emit('compare', { test: 'equal' }, [column, iotaColumn(c, 'positions_from_end', depth, axis, rank, dtype, -depth)], { suffix: 'hit_from_end', dtype: 'bool' }),
  ], { suffix: 'hot', dtype: 'bool' });
  const values = c.tensor(2);
  const pick = (k: number): number => c.emit('gather', { axis: 0 }, [c.input(2), c.constTensor(`value${k}_index`, 'i32', [1], Int32Array.from([k]))], { suffix: `value${k}` });
  c.emit('where', {}, [hit, pick(1), pick(0)], { output: 0, dtype: values.dtype, ...(values.quant ? { quant: values.quant } : {}) });
}
