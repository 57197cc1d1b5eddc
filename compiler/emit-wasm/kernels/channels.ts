/**
 * Element loops over per-axis quantized data (compiler/ops/common/channels.ts):
 * the flat data seen as [outer, channels, inner], with the channel's
 * parameters read from constant tables whose pointer advances only along
 * the channel dimension. Per-tensor parameters need no table: the caller
 * bakes them in as literals.
 */
import { elementCount } from '../../ir/index.js';
import type { ChannelLayout } from '../../ops/common/channels.js';
import type { Expr, FunctionBuilder, Local } from '../binaryen.js';
import { walk } from './walk.js';

export interface ChannelStream {
  base: Expr;
  /** Bytes per element. */
  elem: number;
}

/**
 * Walks `count` elements of each data stream in step, with one pointer per
 * parameter table (`tableElems` bytes per channel entry). `body` gets the
 * data pointers, then the table pointers.
 */
export function channelWalk(f: FunctionBuilder, l: ChannelLayout, count: number, data: ChannelStream[], tables: ChannelStream[],
  body: (data: Local[], tables: Local[]) => Expr[]): Expr {
  const outer = count / (l.channels * l.inner);
  const shape = [outer, l.channels, l.inner];
  const dense = (e: number): number[] => [l.channels * l.inner * e, l.inner * e, e];
  const operands = [
    ...data.map((d) => ({ base: d.base, strides: dense(d.elem) })),
    ...tables.map((t) => ({ base: t.base, strides: [0, t.elem, 0] })),
  ];
  if (elementCount(shape) === 0) return f.m.nop();
  return walk(f, shape, operands, (ptrs) => body(ptrs.slice(0, data.length), ptrs.slice(data.length)));
}
