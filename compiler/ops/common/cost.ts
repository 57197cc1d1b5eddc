/**
 * Byte traffic of an op: every input (constants included) read once, every
 * output written once. Kernels may re-read; this is the floor the cost model
 * starts from.
 */
import { byteSize, elementCount, type Graph, type Op } from '../../ir/index.js';
import type { OpCost } from '../op-def.js';

export function ioCost(op: Op, g: Graph, macs: number): OpCost {
  let bytesRead = 0;
  for (const idx of op.inputs) {
    const t = idx >= 0 ? g.tensors[idx] : undefined;
    if (t) bytesRead += byteSize(t.dtype, elementCount(t.shape));
  }
  let bytesWritten = 0;
  for (const idx of op.outputs) {
    const t = g.tensors[idx];
    if (t) bytesWritten += byteSize(t.dtype, elementCount(t.shape));
  }
  return { macs, bytesRead, bytesWritten };
}

/** Elements of output 0: the MAC count of element-wise ops. */
export function outputElements(op: Op, g: Graph): number {
  const t = g.tensors[op.outputs[0] ?? -1];
  return t ? elementCount(t.shape) : 0;
}
