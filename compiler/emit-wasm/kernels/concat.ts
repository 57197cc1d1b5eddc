/**
 * CONCATENATION: for each step of the dimensions before the axis, one block
 * copy per input (inputs share the output's quantization, so no rescaling).
 */
import type { Graph, Op } from '../../ir/index.js';
import type { ConcatPrepared } from '../../ops/concat.js';
import type { Expr, FunctionBuilder } from '../binaryen.js';
import { copy } from './copy.js';
import { defineKernel, elemBytes, outputOperand, tensorOperand, type KernelPlan } from './kernel.js';

const elemOf = (g: Graph, op: Op): number => elemBytes(g.tensors[op.outputs[0]!]!.dtype);

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

