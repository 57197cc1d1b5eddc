/**
 * ONNX constants, identities and data-movement operators → IR.
 *
 * Shape-only operators (Shape, Size, ConstantOfShape, Range, Cast of
 * constants) produce constants here: shapes are static in Ingot. Views that
 * keep bytes in order (Reshape, Flatten, Squeeze, Unsqueeze) become reshape;
 * the rest map onto transpose, concat, pad, strided_slice and gather. On
 * constant inputs these fold into constants through the builder.
 */
import { allocData, elementCount, type DType } from '../../../ir/index.js';
import type { NodeContext } from '../context.js';
import { fromNumbers, irDtypeOf, loadTensor, dataTypeName, toNumbers } from '../tensor-proto.js';
import { castData, foldElementwise } from './fold.js';
import { axesOf, gatherAlongAxes, normalizeAxes, reshapeTo } from './common.js';

export function convertConstant(c: NodeContext): void {
  const t = c.attrs.tensor('value');
  if (t) {
    const v = loadTensor(t, `${c.label}: its value`);
    c.bindConstant(0, v.dtype, v.shape, v.data);
    return;
  }
  const f = c.attrs.float('value_float');
  const fs = c.attrs.floats('value_floats');
  const i = c.attrs.int('value_int');
  const is = c.attrs.ints('value_ints');
  if (f !== undefined) c.bindConstant(0, 'f32', [], new Float32Array([f]));
  else if (fs) c.bindConstant(0, 'f32', [fs.length], new Float32Array(fs));
  else if (i !== undefined) c.bindConstant(0, 'i64', [], fromNumbers('i64', 1, [i]));
  else if (is) c.bindConstant(0, 'i64', [is.length], fromNumbers('i64', is.length, is));
  else c.fail('onnx/unsupported-op', `only tensor, float and int constants are supported (attributes: ${c.attrs.names().join(', ') || 'none'})`);
}

/** Identity, and Dropout at inference: the output is the input (a mask output is all true). */
export function convertIdentity(c: NodeContext): void {
  if (c.node.opType === 'Dropout' && c.opset >= 12 && c.has(2)) {
    const training = c.scalar(2, 'training_mode');
    if (training) c.fail('onnx/unsupported-op', 'training_mode=true is not supported; export the model in eval mode');
  }
  c.bind(0, c.input(0));
  if (c.hasOutput(1)) {
    const shape = c.tensor(0).shape.slice();
    c.bindConstant(1, 'bool', shape, new Uint8Array(elementCount(shape)).fill(1));
  }
}

export function convertShape(c: NodeContext): void {
  const shape = c.tensor(0).shape;
  const rank = shape.length;
  const clampTo = (v: number): number => Math.min(Math.max(v < 0 ? v + rank : v, 0), rank);
  const start = clampTo(c.attrs.int('start', 0));
  const end = clampTo(c.attrs.int('end', rank));
  const dims = shape.slice(start, Math.max(start, end));
  c.bindConstant(0, 'i64', [dims.length], fromNumbers('i64', dims.length, dims));
}

export function convertSize(c: NodeContext): void {
  c.bindConstant(0, 'i64', [], fromNumbers('i64', 1, [elementCount(c.tensor(0).shape)]));
}

export function convertReshape(c: NodeContext): void {
  const x = c.tensor(0);
  const requested = c.opset < 5 ? c.attrs.ints('shape') ?? [] : c.ints(1, 'shape');
  const allowZero = c.attrs.int('allowzero', 0) === 1;
  const shape = requested.map((d, i) => (d === 0 && !allowZero ? x.shape[i] ?? c.fail('onnx/invalid', `shape entry ${i} copies a dimension the input does not have`) : d));
  const minusOne = shape.indexOf(-1);
  if (minusOne >= 0) {
    const known = shape.reduce((n, d, i) => (i === minusOne ? n : n * d), 1);
    if (known === 0 || elementCount(x.shape) % known !== 0) c.fail('onnx/invalid', `cannot reshape [${x.shape.join(',')}] to [${requested.join(',')}]`);
    shape[minusOne] = elementCount(x.shape) / known;
  }
  c.emit('reshape', {}, [c.input(0)], { output: 0, shape, ...(x.quant ? { quant: x.quant } : {}) });
}

export function convertFlatten(c: NodeContext): void {
  const x = c.tensor(0);
  const axis = c.attrs.int('axis', 1);
  const a = axis < 0 ? axis + x.shape.length : axis;
  if (a < 0 || a > x.shape.length) c.fail('onnx/bad-attribute', `axis ${axis} is out of range for rank ${x.shape.length}`);
  c.emit('reshape', {}, [c.input(0)], { output: 0, shape: [elementCount(x.shape.slice(0, a)), elementCount(x.shape.slice(a))], ...(x.quant ? { quant: x.quant } : {}) });
}

export function convertSqueeze(c: NodeContext): void {
  const x = c.tensor(0);
  const given = axesOf(c, 13, 1);
  const axes = given ? normalizeAxes(c, given, x.shape.length) : x.shape.flatMap((d, i) => (d === 1 ? [i] : []));
  for (const a of axes) if (x.shape[a] !== 1) c.fail('onnx/invalid', `cannot squeeze axis ${a} of size ${x.shape[a]}`);
  c.emit('reshape', {}, [c.input(0)], { output: 0, shape: x.shape.filter((_, i) => !axes.includes(i)), ...(x.quant ? { quant: x.quant } : {}) });
}

export function convertUnsqueeze(c: NodeContext): void {
  const x = c.tensor(0);
  const given = axesOf(c, 13, 1) ?? c.fail('onnx/bad-attribute', 'axes are required');
  const rank = x.shape.length + given.length;
  const axes = normalizeAxes(c, given, rank);
  const shape: number[] = [];
  let k = 0;
  for (let i = 0; i < rank; i++) shape.push(axes.includes(i) ? 1 : x.shape[k++]!);
  c.emit('reshape', {}, [c.input(0)], { output: 0, shape, ...(x.quant ? { quant: x.quant } : {}) });
}

export function convertTranspose(c: NodeContext): void {
  const rank = c.tensor(0).shape.length;
  const perm = c.attrs.ints('perm') ?? Array.from({ length: rank }, (_, i) => rank - 1 - i);
  c.emit('transpose', { perm: normalizeAxes(c, perm, rank) }, [c.input(0)], { output: 0 });
}

export function convertConcat(c: NodeContext): void {
  const inputs = c.node.input.map((_, i) => c.input(i));
  const rank = c.tensorAt(inputs[0]!).shape.length;
  const axis = normalizeAxes(c, [c.attrs.int('axis') ?? c.fail('onnx/bad-attribute', 'axis is required')], rank)[0]!;
  // Empty operands contribute nothing (and have no layout to copy).
  const parts = inputs.filter((i) => elementCount(c.tensorAt(i).shape) > 0);
  if (parts.length === 1) reshapeTo(c, parts[0]!, c.tensorAt(parts[0]!).shape.slice(), { output: 0 });
  else c.emit('concat', { axis, activation: 'none' }, parts.length > 0 ? parts : inputs, { output: 0 });
}

export function convertPad(c: NodeContext): void {
  const x = c.tensor(0);
  const rank = x.shape.length;
  const mode = c.attrs.string('mode', 'constant');
  if (!['constant', 'edge', 'reflect', 'wrap'].includes(mode)) c.fail('onnx/unsupported-op', `mode '${mode}' is not supported (constant, edge, reflect and wrap are)`);
  let pads = c.opset < 11 ? c.attrs.ints('pads') ?? c.fail('onnx/bad-attribute', 'pads are required') : c.ints(1, 'pads');
  let value = c.opset < 11 ? c.attrs.float('value', 0) : c.scalar(2, 'constant_value') ?? 0;
  const axes = c.opset >= 18 && c.has(3) ? normalizeAxes(c, c.ints(3, 'axes'), rank) : undefined;
  if (axes) {
    const full = new Array<number>(2 * rank).fill(0);
    axes.forEach((a, i) => { full[a] = pads[i]!; full[rank + a] = pads[axes.length + i]!; });
    pads = full;
  }
  if (pads.length !== 2 * rank) c.fail('onnx/invalid', `pads has ${pads.length} entries for rank ${rank}`);
  if (pads.some((p) => p < 0)) c.fail('onnx/unsupported-op', 'negative pads (cropping) are not supported', 'crop with Slice instead');
  const paddings = x.shape.map((_, i): [number, number] => [pads[i]!, pads[rank + i]!]);
  if (mode !== 'constant') {
    padByGather(c, paddings, mode);
    return;
  }
  if (x.dtype !== 'f32') value = Math.trunc(value);
  const padValue = c.constTensor('pad_value', x.dtype, [], fromNumbers(x.dtype, 1, [value]), x.quant);
  c.emit('pad', { paddings }, [c.input(0), padValue], { output: 0 });
}

/**
 * Edge, reflect and wrap padding: each padded axis is a gather whose
 * constant index table maps every output position to the input position it
 * copies (clamped, mirrored without repeating the edge, or modulo the
 * length) — exact for any element type.
 */
function padByGather(c: NodeContext, paddings: Array<[number, number]>, mode: string): void {
  const x = c.tensor(0);
  const axes = paddings.map((p, a) => (p[0] > 0 || p[1] > 0 ? a : -1)).filter((a) => a >= 0);
  gatherAlongAxes(c, axes, (axis) => {
    const len = x.shape[axis]!;
    const [before, after] = paddings[axis]!;
    if (mode === 'reflect' && (before >= len || after >= len)) c.fail('onnx/invalid', `reflect padding of ${Math.max(before, after)} on axis ${axis} of length ${len} reaches past the edge it mirrors`);
    return Int32Array.from({ length: before + len + after }, (_, o) => {
      const i = o - before;
      if (mode === 'edge') return Math.min(Math.max(i, 0), len - 1);
      if (mode === 'wrap') return ((i % len) + len) % len;
      return i < 0 ? -i : i >= len ? 2 * (len - 1) - i : i;
    });
  }, 'padded');
}

export function convertSlice(c: NodeContext): void {
  const x = c.tensor(0);
  const rank = x.shape.length;
  const starts = c.opset < 10 ? c.attrs.ints('starts') ?? [] : c.ints(1, 'starts');
  const ends = c.opset < 10 ? c.attrs.ints('ends') ?? [] : c.ints(2, 'ends');
  const axesGiven = c.opset < 10 ? c.attrs.ints('axes') : c.has(3) ? c.ints(3, 'axes') : undefined;
  const steps = c.opset >= 10 && c.has(4) ? c.ints(4, 'steps') : starts.map(() => 1);
  const axes = normalizeAxes(c, axesGiven ?? starts.map((_, i) => i), rank);
  if (ends.length !== starts.length || axes.length !== starts.length || steps.length !== starts.length) c.fail('onnx/invalid', 'starts, ends, axes and steps differ in length');
  const begin = x.shape.map(() => 0);
  const end = x.shape.slice();
  const strides = x.shape.map(() => 1);
  axes.forEach((axis, i) => {
    const dim = x.shape[axis]!;
    const step = steps[i]!;
    if (step === 0) c.fail('onnx/invalid', 'a slice step is 0');
    let s = starts[i]!;
    let e = ends[i]!;
    if (s < 0) s += dim;
    if (e < 0) e += dim;
    // ONNX clamps starts to [0, dim] ([0, dim-1] going backwards) and ends to [0, dim] ([-1, dim-1] backwards).
    begin[axis] = step > 0 ? Math.min(Math.max(s, 0), dim) : Math.min(Math.max(s, 0), dim - 1);
    end[axis] = step > 0 ? Math.min(Math.max(e, 0), dim) : Math.min(Math.max(e, -1), dim - 1);
    strides[axis] = step;
  });
  c.emit('strided_slice', { begin, end, strides, squeeze: [] }, [c.input(0)], { output: 0, ...(x.quant ? { quant: x.quant } : {}) });
}

/** GatherElements: indices constant or computed at run time (compiler/ops/gather-elements.ts). */
export function convertGatherElements(c: NodeContext): void {
  const x = c.tensor(0);
  c.emit('gather_elements', { axis: c.attrs.int('axis', 0) }, [c.input(0), c.input(1)], { output: 0, dtype: x.dtype, ...(x.quant ? { quant: x.quant } : {}) });
}

export function convertGather(c: NodeContext): void {
  const x = c.tensor(0);
  const indices = c.constant(1, 'indices');
  const axis = normalizeAxes(c, [c.attrs.int('axis', 0)], x.shape.length)[0]!;
  const idx = indices.dtype === 'i32' ? c.input(1) : c.constTensor('indices', 'i32', indices.shape.slice(), fromNumbers('i32', elementCount(indices.shape), toNumbers(indices.data)));
  c.emit('gather', { axis }, [c.input(0), idx], { output: 0, ...(x.quant ? { quant: x.quant } : {}) });
}

function castTo(c: NodeContext, to: DType): void {
  const x = c.tensor(0);
  if (x.dtype === to) { c.bind(0, c.input(0)); return; }
  const t = c.tryConstant(0);
  if (!t) c.fail('onnx/unsupported-op', `a run-time cast from ${x.dtype} to ${to} is not supported`, 'keep the model in one element type');
  c.bindConstant(0, to, t.shape.slice(), castData(t, to));
}

export function convertCast(c: NodeContext): void {
  const code = c.attrs.int('to') ?? c.fail('onnx/bad-attribute', "'to' is required");
  const to = irDtypeOf(code) ?? c.fail('onnx/unsupported-type', `casting to ${dataTypeName(code)} is not supported`);
  castTo(c, to);
}

export function convertCastLike(c: NodeContext): void {
  castTo(c, c.tensor(1).dtype);
}

export function convertConstantOfShape(c: NodeContext): void {
  const shape = c.ints(0, 'shape');
  const t = c.attrs.tensor('value');
  const v = t ? loadTensor(t, `${c.label}: its value`) : { dtype: 'f32' as DType, shape: [1], data: new Float32Array([0]) };
  const count = elementCount(shape);
  const data = allocData(v.dtype, count);
  for (let i = 0; i < count; i++) data[i] = v.data[0]!;
  c.bindConstant(0, v.dtype, shape, data);
}

export function convertRange(c: NodeContext): void {
  const [start, limit, delta] = [0, 1, 2].map((i) => toNumbers(c.constant(i, ['start', 'limit', 'delta'][i]!).data)[0]!);
  const dtype = c.tensor(0).dtype;
  const count = Math.max(Math.ceil((limit! - start!) / delta!), 0);
  c.bindConstant(0, dtype, [count], fromNumbers(dtype, count, Array.from({ length: count }, (_, i) => start! + i * delta!)));
}

export function convertExpand(c: NodeContext): void {
  const t = c.tryConstant(0);
  const shape = c.ints(1, 'shape');
  const x = c.tensor(0);
  const rank = Math.max(x.shape.length, shape.length);
  const out = Array.from({ length: rank }, (_, i) => {
    const a = x.shape[x.shape.length - rank + i] ?? 1;
    const b = shape[shape.length - rank + i] ?? 1;
    return a === 1 ? b : a;
  });
  if (t) {
    const zeros = { name: 'zeros', dtype: t.dtype, shape: out, data: allocData(t.dtype, elementCount(out)) };
    const folded = foldElementwise('Add', [t, zeros])!;
    c.bindConstant(0, folded.dtype, folded.shape, folded.data);
    return;
  }
  if (out.length === x.shape.length && out.every((d, i) => d === x.shape[i])) {
    c.bind(0, c.input(0));
    return;
  }
  // At run time: a multiply by ones that hold only the new extents ([8, 1] to take [1, 64] to [8, 64]), which
  // broadcasts and is exact (x · 1 = x, signed zeros and integers included).
  if (x.quant !== undefined || !['f32', 'i8', 'u8', 'i16', 'i32'].includes(x.dtype)) {
    c.fail('onnx/unsupported-op', `Expand of a run-time ${x.quant ? 'quantized ' : ''}${x.dtype} tensor is not supported`, 'let the consumer broadcast instead');
  }
  const onesShape = out.map((d, i) => (x.shape[x.shape.length - rank + i] === d ? 1 : d));
  const count = elementCount(onesShape);
  const ones = c.constTensor('ones', x.dtype, onesShape, fromNumbers(x.dtype, count, new Array<number>(count).fill(1)));
  c.emit('mul', { activation: 'none', potScaleInt16: false }, [c.input(0), ones], { output: 0 });
}
