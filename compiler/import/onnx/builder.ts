/**
 * The IR graph under construction while ONNX nodes are converted.
 *
 * ONNX names values by string; the builder maps each name to an IR tensor
 * and creates every op's output tensor from the op's own shape inference,
 * so shapes are derived, never trusted from the file. An op whose inputs are
 * all constants is evaluated on the spot with its reference kernel and
 * becomes a constant (shape arithmetic, transposed weights, reshaped
 * initializers), so later nodes can read it as a constant too.
 *
 * Graph inputs whose values the caller knows (`constantInputs`) stay runtime
 * inputs unless a node needs a constant there (a weight, a shape, an axis);
 * then they are promoted to constants, everywhere.
 */
import {
  allocData, fail, formatShape, IngotError,
  type AnyOp, type DType, type Graph, type OpAttrs, type OpKind, type QuantParams, type Tensor, type TensorData,
} from '../../ir/index.js';
import { OPS } from '../../ops/registry.js';
import { sameShape } from '../../ops/common/shapes.js';

export interface KnownValue {
  dtype: DType;
  shape: number[];
  data: TensorData;
}

export interface OutputSpec {
  /** Name of the new tensor (made unique if taken). */
  name: string;
  /** Label of the op for reports. */
  opName: string;
  /** The source operator, e.g. `Conv`. */
  source: string;
  /** Output element type; the first input's when absent. */
  dtype?: DType;
  /** Output quantization; the first input's when absent and the types agree. */
  quant?: QuantParams;
  /** Required for kinds whose output shape is not a function of the inputs (reshape). */
  shape?: number[];
}

export class GraphBuilder {
  readonly tensors: Tensor[] = [];
  readonly ops: AnyOp[] = [];
  readonly inputs: number[] = [];
  private readonly values = new Map<string, number>();
  private readonly usedNames = new Set<string>();
  private readonly known = new Map<number, KnownValue>();

  constructor(readonly name: string) {}

  /** Binds an ONNX value name to a tensor; a name may be defined once. */
  define(name: string, index: number, where: string): void {
    if (this.values.has(name)) fail('onnx/invalid', `${where} defines '${name}', which is already defined`, { tensor: name });
    this.values.set(name, index);
  }

  lookup(name: string): number | undefined {
    return this.values.get(name);
  }

  addTensor(t: Tensor): number {
    let name = t.name;
    for (let k = 1; this.usedNames.has(name); k++) name = `${t.name}#${k}`;
    this.usedNames.add(name);
    this.tensors.push({ ...t, name });
    return this.tensors.length - 1;
  }

  /** Renames an intermediate tensor to the ONNX value name it turned out to define. */
  rename(index: number, name: string): void {
    const t = this.tensors[index]!;
    if (t.name === name || this.usedNames.has(name)) return;
    this.usedNames.delete(t.name);
    this.usedNames.add(name);
    t.name = name;
  }

  addConstant(name: string, dtype: DType, shape: number[], data: TensorData, quant?: QuantParams): number {
    return this.addTensor({ name, dtype, shape, data, ...(quant ? { quant } : {}) });
  }

  addInput(name: string, dtype: DType, shape: number[], value?: KnownValue): number {
    const index = this.addTensor({ name, dtype, shape });
    this.inputs.push(index);
    if (value) this.known.set(index, value);
    return index;
  }

  isConstant(index: number): boolean {
    return this.tensors[index]?.data !== undefined;
  }

  /** Turns a graph input with a known value into a constant; false when its value is unknown. */
  promote(index: number): boolean {
    const value = this.known.get(index);
    if (value === undefined) return false;
    const t = this.tensors[index]!;
    if (!sameShape(value.shape, t.shape) || value.dtype !== t.dtype) {
      fail('input/shape', `the value given for input '${t.name}' is ${value.dtype}${formatShape(value.shape)}; the model declares ${t.dtype}${formatShape(t.shape)}`, { tensor: t.name });
    }
    t.data = value.data;
    this.known.delete(index);
    this.inputs.splice(this.inputs.indexOf(index), 1);
    return true;
  }

  /** The graph as it stands (live arrays), for shape inference and prepare. */
  view(outputs: number[] = []): Graph {
    return { name: this.name, source: 'onnx', tensors: this.tensors, ops: this.ops, inputs: this.inputs, outputs };
  }

  /**
   * Adds an op and returns its output tensor. Its output shape comes from the
   * kind's shape inference; with all inputs constant it is evaluated now and
   * the output becomes a constant instead.
   */
  emit<K extends OpKind>(kind: K, attrs: OpAttrs[K], inputs: number[], out: OutputSpec): number {
    const first = inputs[0] !== undefined && inputs[0] >= 0 ? this.tensors[inputs[0]] : undefined;
    const dtype = out.dtype ?? first?.dtype ?? 'f32';
    // Same-type results keep the input's quantization unless told otherwise (pooling, reshapes, transposes of int8 data).
    const quant = out.quant ?? (first?.quant && dtype === first.dtype ? first.quant : undefined);
    const index = this.addTensor({ name: out.name, dtype, shape: out.shape ?? [], ...(quant ? { quant } : {}) });
    const op = { kind, name: out.opName, source: out.source, inputs, outputs: [index], attrs } as AnyOp;
    const g = this.view();
    const inferred = OPS[kind].inferShapes(op as never, g)[0]!;
    const t = this.tensors[index]!;
    if (out.shape && !sameShape(out.shape, inferred)) {
      fail('shape/mismatch', `${out.source} '${out.opName}': output ${formatShape(out.shape)} does not match the computed ${formatShape(inferred)}`, { tensor: t.name });
    }
    t.shape = inferred;
    const present = inputs.filter((i) => i >= 0);
    if (present.length > 0 && present.every((i) => this.isConstant(i))) {
      t.data = this.evaluate(op, g);
      return index;
    }
    this.ops.push(op);
    return index;
  }

  /** Runs one op on constant inputs with its reference kernel. */
  private evaluate(op: AnyOp, g: Graph): TensorData {
    const def = OPS[op.kind];
    const prepared = def.prepare(op as never, g);
    const out = this.tensors[op.outputs[0]!]!;
    const data = allocData(out.dtype, out.shape.reduce((n, d) => n * d, 1));
    def.evalRef(prepared as never, op.inputs.map((i) => (i >= 0 ? this.tensors[i]!.data : undefined)), [data]);
    return data;
  }

  /**
   * The finished graph. A graph output must be written by an op of its own,
   * so outputs that are graph inputs, constants or repeated get a copy.
   */
  finish(outputs: Array<{ name: string; index: number }>): Graph {
    const seen = new Set<number>();
    const outIndices = outputs.map(({ name, index }) => {
      const t = this.tensors[index]!;
      const needsCopy = t.data !== undefined || this.inputs.includes(index) || seen.has(index);
      seen.add(index);
      if (!needsCopy) return index;
      const copy = this.addTensor({ name, dtype: t.dtype, shape: t.shape.slice(), ...(t.quant ? { quant: t.quant } : {}) });
      this.ops.push({ kind: 'reshape', name, source: 'Identity', inputs: [index], outputs: [copy], attrs: {} });
      return copy;
    });
    return this.view(outIndices);
  }
}

/** Adds the node label to a diagnostic raised while converting that node. */
export function withNodeLabel(e: unknown, label: string): unknown {
  if (e instanceof IngotError && !e.diagnostic.message.includes(label)) {
    e.diagnostic.message = `${label}: ${e.diagnostic.message}`;
  }
  return e;
}
