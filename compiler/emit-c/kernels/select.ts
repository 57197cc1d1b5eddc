/**
 * Kernel selection: which C kernel a layer gets on a target. Every op kind
 * has one portable kernel (the C_KERNELS table) that any C99 compiler
 * builds; a target whose CPU has SIMD features (Arm DSP, Helium/MVE, NEON,
 * the dot product) may have specialised kernels for some kinds. They are
 * listed per kind, best first, in TARGET_KERNELS (targets.ts); the first
 * one whose required features the target has and which accepts the op's
 * configuration wins, else the portable kernel runs. Every kernel, target
 * or portable, computes exactly what the op's `evalRef` computes.
 *
 * The choice is recorded per layer in the manifest (`conv2d/dsp`,
 * `fully_connected/portable`, …). `'portable'` forces the portable kernels
 * everywhere, so the same target can be built both ways and compared.
 */
import type { OpKind } from '../../ir/index.js';
import type { TargetFeature } from '../../../targets/index.js';
import type { CKernel, KernelContext } from './kernel.js';

/**
 * Which kernels compile() may use: `target` (default), target-specific where
 * they apply unless their scratch grows the arena notably (ram-aware.ts);
 * `speed`, target-specific wherever they apply, whatever RAM they take;
 * `portable`, only the portable ones.
 */
export type KernelSelection = 'target' | 'speed' | 'portable';

export const KERNEL_SELECTIONS: readonly KernelSelection[] = ['target', 'speed', 'portable'];

/** A kernel specialised for targets with some instruction-set features. */
export interface TargetKernel<K extends OpKind, P = unknown> extends CKernel<K, P> {
  /** The kernel's name in manifests and reports: `<kind>/<family>`, e.g. `conv2d/dsp`. */
  id: string;
  /** Features a target must have for this kernel (all of them). */
  requires: readonly TargetFeature[];
  /** True when the kernel handles this op configuration (dtype, geometry, weight bits, …). */
  applies(ctx: KernelContext<P>): boolean;
}

export type TargetKernelTable = { [K in OpKind]?: ReadonlyArray<TargetKernel<K, any>> };

export interface SelectedKernel {
  kernel: CKernel<OpKind, unknown>;
  /** `<kind>/<family>` of a target kernel, `<kind>/portable` otherwise. */
  id: string;
}

/** The portable kernel's name in manifests. */
export function portableKernelId(kind: OpKind): string {
  return `${kind}/portable`;
}

/**
 * The kernel for one prepared op: the first applicable target kernel, or
 * `portable` (the kind's portable kernel, already looked up by the caller).
 */
export function selectKernel(
  ctx: KernelContext<unknown>,
  portable: CKernel<OpKind, unknown>,
  selection: KernelSelection,
  table: TargetKernelTable,
): SelectedKernel {
  if (selection !== 'portable') {
    const candidates = (table[ctx.op.kind] ?? []) as ReadonlyArray<TargetKernel<OpKind, unknown>>;
    for (const k of candidates) {
      if (k.requires.every((f) => ctx.target.features.includes(f)) && k.applies(ctx)) return { kernel: k, id: k.id };
    }
  }
  return { kernel: portable, id: portableKernelId(ctx.op.kind) };
}
