/**
 * The reference executor: runs a graph op by op with each op's `evalRef`.
 *
 * It is the specification the C and WebAssembly backends are tested
 * against, and the engine calibration runs on. Every op is prepared once at
 * construction (so unsupported ops and bad quantization fail before any
 * input is read); state tensors keep their values across runs until
 * `reset`.
 */
import { allocData, elementCount, IngotError, isStateTensor, stateInitialValue, type DType, type Graph, type TensorData } from '../ir/index.js';
import { OPS } from '../ops/registry.js';
import { checkInputs } from './inputs.js';

export interface RunInput {
  dtype: DType;
  shape: number[];
  data: TensorData;
}

export class ReferenceExecutor {
  private readonly prepared: unknown[];
  private readonly buffers: Array<TensorData | undefined>;

  constructor(readonly graph: Graph) {
    this.prepared = graph.ops.map((op, index) => {
      try {
        return OPS[op.kind].prepare(op as never, graph);
      } catch (e) {
        if (e instanceof IngotError) e.diagnostic.opIndex ??= index;
        throw e;
      }
    });
    this.buffers = graph.tensors.map((t) => t.data);
    this.reset();
  }

  /**
   * Zeroes every non-constant tensor, as a fresh interpreter: state included,
   * except that int8 state takes its zero point (TFLite Micro's reset of
   * variable tensors).
   */
  reset(): void {
    this.graph.tensors.forEach((t, i) => {
      if (t.data !== undefined) return;
      const data = allocData(t.dtype, elementCount(t.shape));
      if (isStateTensor(t)) (data as Int8Array | Int16Array | Float32Array).fill(stateInitialValue(t));
      this.buffers[i] = data;
    });
  }

  /** Runs once; returns the graph outputs (copies, so later runs cannot change them). */
  run(inputs: ReadonlyArray<RunInput>): TensorData[] {
    const g = this.graph;
    checkInputs(g.inputs.map((i) => g.tensors[i]!), inputs);
    inputs.forEach((input, k) => {
      (this.buffers[g.inputs[k]!] as Uint8Array).set(input.data as Uint8Array);
    });
    g.ops.forEach((op, index) => {
      const ins = op.inputs.map((i) => (i >= 0 ? this.buffers[i] : undefined));
      const outs = op.outputs.map((i) => this.buffers[i]!);
      OPS[op.kind].evalRef(this.prepared[index] as never, ins, outs);
    });
    return g.outputs.map((i) => this.buffers[i]!.slice());
  }

  /**
   * Resumes a run part-way: every non-constant tensor takes its value from
   * `state` (a snapshot of `tensorData` from a run of a graph with the same
   * structure), then ops from `firstOp` on run. Used to re-run only the tail
   * of a model whose earlier ops would compute the same values.
   */
  runFrom(firstOp: number, state: ReadonlyArray<TensorData | undefined>): TensorData[] {
    const g = this.graph;
    g.tensors.forEach((t, i) => {
      const saved = state[i];
      if (t.data === undefined && saved !== undefined) (this.buffers[i] as Uint8Array).set(saved as Uint8Array);
    });
    for (let index = Math.max(0, firstOp); index < g.ops.length; index++) {
      const op = g.ops[index]!;
      const ins = op.inputs.map((i) => (i >= 0 ? this.buffers[i] : undefined));
      const outs = op.outputs.map((i) => this.buffers[i]!);
      OPS[op.kind].evalRef(this.prepared[index] as never, ins, outs);
    }
    return g.outputs.map((i) => this.buffers[i]!.slice());
  }

  /** The current contents of any tensor (for debugging and per-layer comparison). */
  tensorData(index: number): TensorData | undefined {
    return this.buffers[index];
  }
}
