/**
 * PAD / PADV2: fill the output with the pad value (memory.fill when all its
 * bytes are equal, else a store loop), then gather the input into the
 * interior, whole rows at a time.
 */
import { elementCount, type Graph, type Op } from '../../ir/index.js';
import type { PadPrepared } from '../../ops/pad.js';
import type { Expr, FunctionBuilder } from '../binaryen.js';
import { gather } from './copy.js';
import { defineKernel, elemBytes, outputOperand, storeElem, tensorOperand, type KernelPlan } from './kernel.js';
import { denseStrides } from './walk.js';

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

