/**
 * A small toolkit for passes: who reads each tensor, new tensors and
 * constants, and rewiring readers. Passes build a new op list while they
 * walk the old one; tensors they change are replaced by copies, so the
 * input graph is never modified.
 */
import type { AnyOp, DType, Graph, QuantParams, Tensor, TensorData } from '../ir/index.js';

export class GraphEditor {
  readonly tensors: Tensor[];
  private readonly names: Set<string>;

  constructor(readonly graph: Graph) {
    this.tensors = graph.tensors.slice();
    this.names = new Set(graph.tensors.map((t) => t.name));
  }

  tensor(index: number): Tensor {
    return this.tensors[index]!;
  }

  addTensor(t: Tensor): number {
    let name = t.name;
    for (let k = 1; this.names.has(name); k++) name = `${t.name}#${k}`;
    this.names.add(name);
    this.tensors.push({ ...t, name });
    return this.tensors.length - 1;
  }

  addConstant(name: string, dtype: DType, shape: number[], data: TensorData, quant?: QuantParams): number {
    return this.addTensor({ name, dtype, shape, data, ...(quant ? { quant } : {}) });
  }

  /** Replaces tensor `index` by a changed copy (the original stays with the input graph). */
  update(index: number, change: Partial<Tensor>): void {
    this.tensors[index] = { ...this.tensors[index]!, ...change };
  }

  build(ops: AnyOp[], outputs: number[] = this.graph.outputs): Graph {
    return { ...this.graph, tensors: this.tensors, ops, outputs: outputs.slice() };
  }
}

/** For each tensor, the indices of the ops that read it. */
export function readersOf(g: Graph): number[][] {
  const readers = g.tensors.map((): number[] => []);
  g.ops.forEach((op, i) => {
    for (const t of op.inputs) if (t >= 0 && !readers[t]!.includes(i)) readers[t]!.push(i);
  });
  return readers;
}

/** The op that writes each tensor, or -1. */
export function writersOf(g: Graph): number[] {
  const writers = new Array<number>(g.tensors.length).fill(-1);
  g.ops.forEach((op, i) => {
    for (const t of op.outputs) writers[t] = i;
  });
  return writers;
}

/** An op reading `to` wherever it read `from`. */
export function rewire<T extends AnyOp>(op: T, from: number, to: number): T {
  return op.inputs.includes(from) ? { ...op, inputs: op.inputs.map((i) => (i === from ? to : i)) } : op;
}
