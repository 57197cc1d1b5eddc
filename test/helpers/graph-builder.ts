/**
 * Builds small IR graphs directly, for tests of passes and planners that need
 * shapes no shared model has (branches, in-place chains).
 */
import type { AnyOp, DType, Graph, Tensor } from '../../compiler/ir/index.js';

export class GraphBuilder {
  readonly tensors: Tensor[] = [];
  readonly ops: AnyOp[] = [];

  tensor(name: string, shape: number[], dtype: DType = 'f32', data?: Tensor['data']): number {
    this.tensors.push({ name, shape, dtype, ...(data ? { data } : {}) });
    return this.tensors.length - 1;
  }

  /** A float fully-connected layer from `input` to `units` outputs with constant zero weights. */
  dense(name: string, input: number, units: number): number {
    const depth = this.tensors[input]!.shape[1]!;
    const w = this.tensor(`${name}/w`, [units, depth], 'f32', new Float32Array(units * depth));
    const out = this.tensor(name, [1, units]);
    this.ops.push({ kind: 'fully_connected', name, inputs: [input, w, -1], outputs: [out], attrs: { activation: 'none', keepNumDims: false } });
    return out;
  }

  add(name: string, a: number, b: number): number {
    const out = this.tensor(name, this.tensors[a]!.shape.slice());
    this.ops.push({ kind: 'add', name, inputs: [a, b], outputs: [out], attrs: { activation: 'none', potScaleInt16: false } });
    return out;
  }

  build(inputs: number[], outputs: number[], name = 'test'): Graph {
    return { name, source: 'test', tensors: this.tensors, ops: this.ops, inputs, outputs };
  }
}
