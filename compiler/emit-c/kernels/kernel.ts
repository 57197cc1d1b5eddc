/**
 * The contract of a C kernel: given one op and the data its `prepare` step
 * computed, write the body of a C function that does what the op's `evalRef`
 * does, with the same arithmetic in the same order.
 *
 * A kernel names its parameters and says where each argument comes from (an
 * op input or output, the op's scratch buffer, or constant data the kernel
 * derives from the weights at compile time). Shapes, strides, multipliers
 * and clamps are literals in the body. The emitter turns identical
 * (parameters, body) pairs into one static function, so two layers with the
 * same configuration share code while their weights stay separate.
 */
import type { Graph, Op, OpKind, TensorData } from '../../ir/index.js';
import type { Target } from '../../../targets/index.js';
import type { CWriter } from '../writer.js';

export type KernelParam =
  /** Op input `index` (a tensor in the arena or a weight array). */
  | { kind: 'input'; index: number; name: string; ctype: string }
  /** Op output `index`. */
  | { kind: 'output'; index: number; name: string; ctype: string }
  /** The op's scratch buffer in the arena (`scratchBytes` long). */
  | { kind: 'scratch'; name: string; ctype: string }
  /** Constant data derived at compile time (e.g. a bias with the input offset folded in). */
  | { kind: 'data'; name: string; ctype: string; data: TensorData };

export interface KernelEmission {
  /** Parameters in call order. */
  params: KernelParam[];
  /** The function body, without its braces. */
  body: CWriter;
  /**
   * True when no output ever shares memory with an input (the memory plan
   * only lets element-wise ops and reshapes do that), so pointers may be
   * declared `restrict`.
   */
  noAlias: boolean;
  /** Bytes of arena scratch the body uses through its `scratch` parameter. */
  scratchBytes?: number;
  /**
   * Optional runtime headers the body calls into (e.g. `ingot_arm_dsp.h`
   * for target kernels); the bundle ships and includes each one used.
   */
  includes?: readonly string[];
}

export interface KernelContext<P> {
  op: Op;
  opIndex: number;
  graph: Graph;
  prepared: P;
  target: Target;
}

export interface CKernel<K extends OpKind, P = unknown> {
  kind: K;
  /**
   * Why this kernel cannot emit this configuration (a prepared mode or
   * element type it has no C for), or undefined when it can. Lowering turns
   * a reason into a `backend/unsupported-op` diagnostic instead of letting
   * the kernel emit wrong code.
   */
  unsupported?(ctx: KernelContext<P>): string | undefined;
  /** Arena scratch this configuration needs, known before memory is planned (default none). */
  scratchBytes?(ctx: KernelContext<P>): number;
  emit(ctx: KernelContext<P>): KernelEmission;
}

/** Defines a kernel with its prepared-data type taken from the op file. */
export function defineKernel<K extends OpKind, P>(kernel: CKernel<K, P>): CKernel<K, P> {
  return kernel;
}
