/**
 * Lowering: every op is prepared once (its quantization constants computed
 * by the op file) and matched with its C kernel, and the kernels say how
 * much arena scratch they need. This runs before memory planning, because
 * the plan must reserve that scratch.
 */
import { fail, IngotError, type AnyOp, type Graph } from '../ir/index.js';
import { OPS } from '../ops/registry.js';
import type { Target } from '../../targets/index.js';
import { kernelFor, type CKernel, type KernelContext, type KernelTable } from './kernels/index.js';

export interface LoweredOp {
  opIndex: number;
  op: AnyOp;
  kernel: CKernel<AnyOp['kind'], unknown>;
  ctx: KernelContext<unknown>;
  scratchBytes: number;
}

/** Prepares every op and finds its kernel; diagnostics name the op's index. */
export function lowerOps(g: Graph, target: Target, table?: KernelTable): LoweredOp[] {
  return g.ops.map((op, opIndex) => {
    try {
      const prepared: unknown = OPS[op.kind].prepare(op as never, g);
      const kernel = kernelFor(op, opIndex, target.id, table);
      const ctx: KernelContext<unknown> = { op, opIndex, graph: g, prepared, target };
      // Each kernel says which prepared modes it has no C for (TFLite's and ONNX's integer modes and packed weights are all covered).
      const reason = kernel.unsupported?.(ctx);
      if (reason !== undefined) {
        fail('backend/unsupported-op', `op ${opIndex} (${op.source ?? op.kind} '${op.name}'): the C kernel for target '${target.id}' does not support ${reason}`, { opIndex });
      }
      return { opIndex, op, kernel, ctx, scratchBytes: kernel.scratchBytes?.(ctx) ?? 0 };
    } catch (e) {
      if (e instanceof IngotError) e.diagnostic.opIndex ??= opIndex;
      throw e;
    }
  });
}

/** Scratch bytes per op index, as `planMemory` takes them. */
export function scratchRequests(lowered: readonly LoweredOp[]): number[] {
  return lowered.map((l) => l.scratchBytes);
}
