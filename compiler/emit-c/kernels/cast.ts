/**
 * CAST in C: one C conversion per element, as compiler/ops/cast.ts (and
 * TFLite's static_cast). A narrowing integer conversion keeps the low
 * bits on every two's-complement compiler Ingot targets, as TFLite Micro's
 * own build relies on.
 */
import { cTypeOf } from '../../ir/index.js';
import type { CastPrepared } from '../../ops/cast.js';
import { CWriter } from '../writer.js';
import { inputOutputParams } from './common.js';
import { defineKernel, type KernelContext } from './kernel.js';

export const castKernel = defineKernel({
  kind: 'cast',
  emit({ prepared: p }: KernelContext<CastPrepared>) {
    const [from, to] = [cTypeOf(p.from), cTypeOf(p.to)];
    const w = new CWriter();
    w.line(`for (int32_t i = 0; i < ${p.count}; i++) output[i] = (${to})input[i];`);
    return { params: inputOutputParams(from, to), body: w, noAlias: true };
  },
});
