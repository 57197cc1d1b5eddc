/**
 * The graph: tensors, ops in a valid topological order, inputs and outputs.
 *
 * Ops refer to tensors by index; an absent optional input is -1. Graphs are
 * values: passes return new graphs instead of editing one in place.
 */
import type { OpAttrs, OpKind } from './attrs.js';
import type { Tensor } from './tensor.js';

export interface Op<K extends OpKind = OpKind> {
  kind: K;
  /** A readable, unique-ish label for reports (from the source model when it has one). */
  name: string;
  inputs: number[];
  outputs: number[];
  attrs: OpAttrs[K];
  /** The operator as the source model names it (e.g. `CONV_2D`), for reports. */
  source?: string;
}

/** Any op, discriminated by kind, so `switch (op.kind)` narrows the attributes. */
export type AnyOp = { [K in OpKind]: Op<K> }[OpKind];

export interface Graph {
  name: string;
  tensors: Tensor[];
  ops: AnyOp[];
  inputs: number[];
  outputs: number[];
  /** Where the graph came from, for reports: `tflite`, `onnx`, … */
  source: string;
}

/** The tensor at `index`; throws a RangeError on a bad index (a bug, not user input). */
export function tensorAt(g: Graph, index: number): Tensor {
  const t = g.tensors[index];
  if (t === undefined) throw new RangeError(`tensor index ${index} out of range`);
  return t;
}

/** The op's input tensor at position `i`, or undefined when absent (-1 or past the end). */
export function optionalInput(g: Graph, op: Op, i: number): Tensor | undefined {
  const idx = op.inputs[i];
  return idx === undefined || idx < 0 ? undefined : g.tensors[idx];
}

export function inputAt(g: Graph, op: Op, i: number): Tensor {
  const t = optionalInput(g, op, i);
  if (t === undefined) throw new RangeError(`${op.kind} '${op.name}' has no input ${i}`);
  return t;
}

export function outputAt(g: Graph, op: Op, i = 0): Tensor {
  const idx = op.outputs[i];
  if (idx === undefined) throw new RangeError(`${op.kind} '${op.name}' has no output ${i}`);
  return tensorAt(g, idx);
}
