/**
 * Lowering: every op is prepared once (its quantization constants computed
 * by the op file) and matched with its C kernel, and the kernels say how
 * much arena scratch they need. This runs before memory planning, because
 * the plan must reserve that scratch.
 */
import { fail, IngotError, type AnyOp, type Graph } from '../ir/index.js';
import { onnxOnlyMode } from '../ops/common/modes.js';
import { OPS } from '../ops/registry.js';
import type { Target } from '../../targets/index.js';
import { kernelFor, type CKernel, type KernelContext, type KernelTable } from './kernels/index.js';
import { selectKernel, type KernelSelection, type TargetKernelTable } from './kernels/select.js';
import { TARGET_KERNELS } from './kernels/targets.js';

export interface LoweredOp {
  opIndex: number;
  op: AnyOp;
  kernel: CKernel<AnyOp['kind'], unknown>;
  /** The chosen kernel's name for the manifest, e.g. `conv2d/dsp` or `conv2d/portable`. */
  kernelId: string;
  ctx: KernelContext<unknown>;
  scratchBytes: number;
}

/**
 * Prepares every op and finds its kernel (a target-specific one where it
 * applies, unless `selection` is 'portable'); diagnostics name the op's index.
 */
export function lowerOps(g: Graph, target: Target, table?: KernelTable, selection: KernelSelection = 'target', targetTable: TargetKernelTable = TARGET_KERNELS): LoweredOp[] {
  return g.ops.map((op, opIndex) => {
    try {
      const prepared: unknown = OPS[op.kind].prepare(op as never, g);
      const portable = kernelFor(op, opIndex, target.id, table);
      const ctx: KernelContext<unknown> = { op, opIndex, graph: g, prepared, target };
      // Target kernels implement TFLite's arithmetic; ONNX's integer modes and weight zero points run on the portable kernels.
      const tfliteModes = onnxOnlyMode(op.kind, prepared) === undefined && !hasWeightZeroPoint(prepared);
      const { kernel, id } = selectKernel(ctx, portable, tfliteModes ? selection : 'portable', targetTable);
      // Each kernel says which prepared configurations it has no C for.
      const reason = kernel.unsupported?.(ctx);
      if (reason !== undefined) {
        fail('backend/unsupported-op', `op ${opIndex} (${op.source ?? op.kind} '${op.name}'): the C kernel for target '${target.id}' does not support ${reason}`, { opIndex });
      }
      return { opIndex, op, kernel, kernelId: id, ctx, scratchBytes: kernel.scratchBytes?.(ctx) ?? 0 };
    } catch (e) {
      if (e instanceof IngotError) e.diagnostic.opIndex ??= opIndex;
      throw e;
    }
  });
}

/** True when a conv-like op's weights have a non-zero zero point (ONNX's ConvInteger and QLinear forms). */
function hasWeightZeroPoint(prepared: unknown): boolean {
  return ((prepared as { filterOffsets?: number[] } | undefined)?.filterOffsets ?? []).some((z) => z !== 0);
}

/** Scratch bytes per op index, as `planMemory` takes them. */
export function scratchRequests(lowered: readonly LoweredOp[]): number[] {
  return lowered.map((l) => l.scratchBytes);
}
