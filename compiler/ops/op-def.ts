/**
 * The contract every operator file fulfils (one operator, one file).
 *
 * - `inferShapes` computes output shapes from input shapes and attributes, and
 *   rejects what the op cannot do with a diagnostic naming the op.
 * - `prepare` does all quantization arithmetic once, in TypeScript: multipliers,
 *   shifts, zero points, clamps. Its result is plain data (JSON-serialisable),
 *   shared by the reference executor and the code emitters.
 * - `evalRef` is the reference implementation: the spec that every backend
 *   must match bit for bit on integer types.
 * - `cost` counts multiply-accumulates and bytes moved, for reports.
 */
import type { Graph, Op, OpKind, TensorData } from '../ir/index.js';

export interface OpCost {
  macs: number;
  bytesRead: number;
  bytesWritten: number;
}

export interface OpDef<K extends OpKind, P = unknown> {
  kind: K;
  inferShapes(op: Op<K>, g: Graph): number[][];
  prepare(op: Op<K>, g: Graph): P;
  evalRef(p: P, inputs: ReadonlyArray<TensorData | undefined>, outputs: TensorData[]): void;
  cost(op: Op<K>, g: Graph): OpCost;
  /**
   * Inputs whose memory the output may take over (the planner decides whether
   * it does): the kernel reads element i before writing element i, and never
   * reads an element after writing it. Absent means never.
   */
  inPlaceInputs?(op: Op<K>, g: Graph): number[];
  /** Reshape-like ops: the output is the input's bytes, unchanged, so it may alias them. */
  aliasesInput?: boolean;
}

/** Defines an op with its prepared-data type inferred from `prepare`. */
export function defineOp<K extends OpKind, P>(def: OpDef<K, P>): OpDef<K, P> {
  return def;
}
