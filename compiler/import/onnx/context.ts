/**
 * What an operator converter sees of one ONNX node: its inputs as IR
 * tensors (constant or not), its attributes, the opset it was written
 * against, and ways to emit IR ops and define its outputs. Diagnostics name
 * the node by its label, e.g. `Conv node 'conv1' (#3)`.
 */
import { fail, type DiagnosticCode, type DType, type OpAttrs, type OpKind, type QuantParams, type Tensor, type TensorData } from '../../ir/index.js';
import { Attributes } from './attributes.js';
import type { GraphBuilder } from './builder.js';
import type { OnnxNode } from './schema.js';
import { toNumbers } from './tensor-proto.js';

export type ConstTensor = Tensor & { data: TensorData };

export interface EmitOptions {
  /** Define ONNX output `output` as this op's result (else it is an intermediate). */
  output?: number;
  /** Name suffix of an intermediate tensor. */
  suffix?: string;
  dtype?: DType;
  quant?: QuantParams;
  shape?: number[];
}

export class NodeContext {
  readonly attrs: Attributes;
  /** The op's display name: the node's name, else its first output. */
  readonly name: string;

  /**
   * `source` names the op in reports when it differs from the node's type
   * (a QDQ group converted as its QLinear equivalent reports `Conv (QDQ)`).
   */
  constructor(private readonly b: GraphBuilder, readonly node: OnnxNode, readonly opset: number, readonly label: string, private readonly source = node.opType) {
    this.attrs = new Attributes(node.attribute, label);
    this.name = node.name || node.output[0] || node.opType;
  }

  /** Whether input `i` is given (ONNX marks an omitted optional input with an empty name). */
  has(i: number): boolean {
    const n = this.node.input[i];
    return n !== undefined && n !== '';
  }

  input(i: number): number {
    const name = this.node.input[i];
    if (name === undefined || name === '') return this.fail('onnx/invalid', `input ${i} is missing`);
    const index = this.b.lookup(name);
    if (index === undefined) return this.fail('onnx/invalid', `input '${name}' is not produced by any earlier node, initializer or graph input`);
    return index;
  }

  /** Input `i`, or -1 when omitted. */
  optional(i: number): number {
    return this.has(i) ? this.input(i) : -1;
  }

  tensor(i: number): Tensor {
    return this.b.tensors[this.input(i)]!;
  }

  tensorAt(index: number): Tensor {
    return this.b.tensors[index]!;
  }

  /** Whether input `i` is a constant now (without promoting a known graph input). */
  isConstant(i: number): boolean {
    return this.has(i) && this.b.isConstant(this.input(i));
  }

  /** Input `i` as a constant, promoting a graph input whose value is known; undefined when it is computed at run time. */
  tryConstant(i: number): ConstTensor | undefined {
    if (!this.has(i)) return undefined;
    const index = this.input(i);
    if (!this.b.isConstant(index)) this.b.promote(index);
    const t = this.b.tensors[index]!;
    return t.data !== undefined ? (t as ConstTensor) : undefined;
  }

  /** Input `i`, which must be constant: weights, shapes, axes. */
  constant(i: number, role: string, code: DiagnosticCode = 'onnx/unsupported-op'): ConstTensor {
    const t = this.tryConstant(i);
    if (t) return t;
    return this.fail(code, `its ${role} input '${this.node.input[i] ?? ''}' is computed at run time, but Ingot needs it constant`, code === 'onnx/dynamic-shape'
      ? 'Ingot compiles static shapes: fix symbolic input dims with --input-shape name=1x3x224x224, or simplify the model (e.g. onnxsim)'
      : 'export the model with constant weights (initializers), or simplify it (e.g. onnxsim)');
  }

  /** A constant integer input as numbers (shapes, axes, pads). */
  ints(i: number, role: string): number[] {
    const t = this.constant(i, role, 'onnx/dynamic-shape');
    if (!['i64', 'i32', 'i16', 'i8', 'u8'].includes(t.dtype)) this.fail('onnx/invalid', `its ${role} input must be integers, got ${t.dtype}`);
    return toNumbers(t.data);
  }

  /** A constant scalar input (or attribute-free default) as a number. */
  scalar(i: number, role: string): number | undefined {
    if (!this.has(i)) return undefined;
    const values = toNumbers(this.constant(i, role).data);
    if (values.length !== 1) this.fail('onnx/invalid', `its ${role} input must hold one value, got ${values.length}`);
    return values[0];
  }

  outputName(k = 0): string {
    return this.node.output[k] ?? `${this.name}:${k}`;
  }

  /** Whether the node's output `k` is used (ONNX marks unused optional outputs with an empty name). */
  hasOutput(k: number): boolean {
    const n = this.node.output[k];
    return n !== undefined && n !== '';
  }

  /** Emits an IR op; returns its output tensor. */
  emit<K extends OpKind>(kind: K, attrs: OpAttrs[K], inputs: number[], o: EmitOptions = {}): number {
    const name = o.output !== undefined ? this.outputName(o.output) : `${this.outputName(0)}/${o.suffix ?? kind}`;
    const index = this.b.emit(kind, attrs, inputs, {
      name, opName: o.output !== undefined ? this.name : `${this.name}/${o.suffix ?? kind}`, source: this.source,
      ...(o.dtype ? { dtype: o.dtype } : {}), ...(o.quant ? { quant: o.quant } : {}), ...(o.shape ? { shape: o.shape } : {}),
    });
    if (o.output !== undefined) this.bind(o.output, index);
    return index;
  }

  /** Adds a constant tensor (named after the node) and returns it. */
  constTensor(suffix: string, dtype: DType, shape: number[], data: TensorData, quant?: QuantParams): number {
    return this.b.addConstant(`${this.outputName(0)}/${suffix}`, dtype, shape, data, quant);
  }

  /** Defines ONNX output `k` as an existing tensor (Identity-like ops). */
  bind(k: number, index: number): void {
    if (!this.hasOutput(k)) return;
    // An intermediate of this node that turns out to be the output takes the output's name.
    if (this.b.tensors[index]!.name.startsWith(`${this.outputName(0)}/`)) this.b.rename(index, this.outputName(k));
    this.b.define(this.outputName(k), index, this.label);
  }

  /** Defines ONNX output `k` as a new constant. */
  bindConstant(k: number, dtype: DType, shape: number[], data: TensorData): void {
    if (!this.hasOutput(k)) return;
    this.bind(k, this.b.addConstant(this.outputName(k), dtype, shape, data));
  }

  fail(code: DiagnosticCode, message: string, hint?: string): never {
    return fail(code, `${this.label}: ${message}`, hint ? { hint } : {});
  }
}
