/**
 * Kernels that only move bytes: RESHAPE (a copy unless the planner aliased
 * output and input), CONCATENATION (block copies), PAD (fill, then copy the
 * input into the interior), TRANSPOSE and STRIDED_SLICE (strided gathers).
 * Copies of contiguous runs use memory.copy (bulk memory); gathers walk
 * element by element with constant strides.
 */
import { byteSize, elementCount, type Graph, type Op } from '../../ir/index.js';
import type { ConcatPrepared } from '../../ops/concat.js';
import type { PadPrepared } from '../../ops/pad.js';
import type { StridedSlicePrepared } from '../../ops/strided-slice.js';
import type { TransposePrepared } from '../../ops/transpose.js';
import type { Expr, FunctionBuilder } from '../binaryen.js';
import { defineKernel, elemBytes, outputOperand, storeElem, tensorOperand, type KernelPlan } from './kernel.js';
import { denseStrides, mergeDims, walk } from './walk.js';

const elemOf = (g: Graph, op: Op): number => elemBytes(g.tensors[op.outputs[0]!]!.dtype);

/** Copies `count` bytes between two addresses. */
const copy = (f: FunctionBuilder, dst: Expr, src: Expr, bytes: number): Expr =>
  bytes === 0 ? f.m.nop() : f.m.memory.copy(dst, src, f.i32(bytes));

/** A strided gather: out (dense) ← in at per-dimension byte strides, whole runs copied when contiguous. */
function gather(f: FunctionBuilder, shape: number[], inStrides: number[], outStrides: number[], src: Expr, dst: Expr, elem: number): Expr {
  const merged = mergeDims(shape, [inStrides, outStrides]);
  const last = merged.shape.length - 1;
  const contiguous = last >= 0 && merged.strides[0]![last] === elem && merged.strides[1]![last] === elem;
  if (last < 0) return copy(f, dst, src, elem);
  if (contiguous) {
    const run = merged.shape[last]! * elem;
    const outer = merged.shape.slice(0, last);
    if (outer.length === 0) return copy(f, dst, src, run);
    return walk(f, outer, [{ base: src, strides: merged.strides[0]!.slice(0, last) }, { base: dst, strides: merged.strides[1]!.slice(0, last) }],
      ([s, d]) => [copy(f, d!.get(), s!.get(), run)]);
  }
  return walk(f, merged.shape, [{ base: src, strides: merged.strides[0]! }, { base: dst, strides: merged.strides[1]! }],
    ([s, d]) => [copyElem(f, d!.get(), s!.get(), elem)]);
}

/** Moves one element of `elem` bytes with a load and a store. */
function copyElem(f: FunctionBuilder, dst: Expr, src: Expr, elem: number): Expr {
  const m = f.m;
  switch (elem) {
    case 1: return m.i32.store8(0, 1, dst, m.i32.load8_u(0, 1, src));
    case 2: return m.i32.store16(0, 2, dst, m.i32.load16_u(0, 2, src));
    case 4: return m.i32.store(0, 4, dst, m.i32.load(0, 4, src));
    case 8: return m.i64.store(0, 8, dst, m.i64.load(0, 8, src));
    default: return copy(f, dst, src, elem);
  }
}

export const reshapeKernel = defineKernel({
  plan(op: Op<'reshape'>, p: { count: number }, g: Graph): KernelPlan<{ bytes: number }> {
    return { config: { bytes: byteSize(g.tensors[op.outputs[0]!]!.dtype, p.count) }, operands: [tensorOperand(op, 0), outputOperand(op)] };
  },
  emit(f: FunctionBuilder, c: { bytes: number }): Expr {
    const [src, dst] = f.params(2);
    // The planner usually aliases the two; then there is nothing to do.
    return f.m.if(f.m.i32.ne(src.get(), dst.get()), copy(f, dst.get(), src.get(), c.bytes));
  },
});

export const concatKernel = defineKernel({
  plan(op: Op<'concat'>, p: ConcatPrepared, g: Graph): KernelPlan<{ outer: number; blocks: number[] }> {
    const elem = elemOf(g, op);
    return { config: { outer: p.outer, blocks: p.blocks.map((b) => b * elem) }, operands: [...op.inputs.map((_, i) => tensorOperand(op, i)), outputOperand(op)] };
  },
  emit(f: FunctionBuilder, c: { outer: number; blocks: number[] }): Expr {
    const m = f.m;
    const n = c.blocks.length;
    const ins = f.params(n + 1 as number) as ReturnType<typeof f.param>[];
    const out = ins[n]!;
    const k = f.local(f.t.i32);
    const dst = f.local(f.t.i32);
    const total = c.blocks.reduce((a, b) => a + b, 0);
    const body: Expr[] = [dst.set(m.i32.add(out.get(), m.i32.mul(k.get(), f.i32(total))))];
    c.blocks.forEach((block, i) => {
      body.push(copy(f, dst.get(), m.i32.add(ins[i]!.get(), m.i32.mul(k.get(), f.i32(block))), block));
      body.push(dst.set(m.i32.add(dst.get(), f.i32(block))));
    });
    return f.forRange(k, 0, c.outer, body);
  },
});

interface PadConfig extends PadPrepared {
  dtype: 'f32' | 'i32' | 'i16' | 'i8' | 'u8';
}

export const padKernel = defineKernel({
  plan(op: Op<'pad'>, p: PadPrepared, g: Graph): KernelPlan<PadConfig> {
    return { config: { ...p, dtype: g.tensors[op.outputs[0]!]!.dtype as PadConfig['dtype'] }, operands: [tensorOperand(op, 0), outputOperand(op)] };
  },
  emit(f: FunctionBuilder, c: PadConfig): Expr {
    const m = f.m;
    const [src, dst] = f.params(2);
    const elem = elemBytes(c.dtype);
    const outCount = elementCount(c.outShape);
    const bytes = new Uint8Array(elem);
    new DataView(bytes.buffer)[c.dtype === 'f32' ? 'setFloat32' : elem === 4 ? 'setInt32' : elem === 2 ? 'setInt16' : 'setInt8'](0, c.value, true);
    const uniform = bytes.every((x) => x === bytes[0]);
    const i = f.local(f.t.i32);
    const value = c.dtype === 'f32' ? m.f32.const(c.value) : f.i32(c.value);
    const fill = uniform
      ? m.memory.fill(dst.get(), f.i32(bytes[0]!), f.i32(outCount * elem))
      : f.forRange(i, 0, outCount, [storeElem(f, c.dtype, m.i32.add(dst.get(), m.i32.mul(i.get(), f.i32(elem))), value)]);
    const outStrides = denseStrides(c.outShape, elem);
    const interior = c.before.reduce((o, b, d) => o + b * outStrides[d]!, 0);
    return f.block([fill, gather(f, c.inShape, denseStrides(c.inShape, elem), outStrides, src.get(), f.addr(dst.get(), interior), elem)]);
  },
});

interface GatherConfig {
  shape: number[];
  inStrides: number[];
  offset: number;
  elem: number;
}

const gatherKernel = {
  emit(f: FunctionBuilder, c: GatherConfig): Expr {
    const [src, dst] = f.params(2);
    if (elementCount(c.shape) === 0) return f.m.nop();
    return gather(f, c.shape, c.inStrides, denseStrides(c.shape, c.elem), f.addr(src.get(), c.offset), dst.get(), c.elem);
  },
};

export const transposeKernel = defineKernel({
  plan(op: Op<'transpose'>, p: TransposePrepared, g: Graph): KernelPlan<GatherConfig> {
    const elem = elemOf(g, op);
    return { config: { shape: p.outShape, inStrides: p.inStrides.map((s) => s * elem), offset: 0, elem }, operands: [tensorOperand(op, 0), outputOperand(op)] };
  },
  emit: gatherKernel.emit,
});

export const stridedSliceKernel = defineKernel({
  plan(op: Op<'strided_slice'>, p: StridedSlicePrepared, g: Graph): KernelPlan<GatherConfig> {
    const elem = elemOf(g, op);
    return { config: { shape: p.counts, inStrides: p.steps.map((s) => s * elem), offset: p.offset * elem, elem }, operands: [tensorOperand(op, 0), outputOperand(op)] };
  },
  emit: gatherKernel.emit,
});
