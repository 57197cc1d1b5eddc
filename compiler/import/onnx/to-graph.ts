/**
 * ONNX ModelProto → IR graph: initializers become constants, graph inputs
 * get static shapes (from the file or `inputShapes`), each node is converted
 * by its row in the operator table in file order, and the declared shapes
 * of intermediate values and outputs (value_info) are checked against the
 * shapes Ingot computed.
 */
import { fail, formatShape, verifyGraph, type Graph } from '../../ir/index.js';
import { GraphBuilder, withNodeLabel, type KnownValue } from './builder.js';
import { NodeContext } from './context.js';
import { ONNX_OPS } from './ops/index.js';
import { convertQdqGroup, findQdqGroups, type QdqGroup } from './qdq.js';
import type { OnnxModel, OnnxNode, OnnxValueInfo } from './schema.js';
import { dataTypeName, irDtypeOf, loadTensor } from './tensor-proto.js';

/** ai.onnx opsets whose operator semantics Ingot implements. */
export const MIN_OPSET = 6;
export const MAX_OPSET = 27;

const DEFAULT_DOMAINS = new Set(['', 'ai.onnx']);

export interface OnnxImportOptions {
  /** Static shapes for graph inputs, by name (for symbolic or unknown dims). */
  inputShapes?: Record<string, number[]>;
  /** Graph inputs whose values are fixed at compile time: baked in wherever an op needs a constant. */
  constantInputs?: Record<string, KnownValue>;
}

export function onnxToGraph(model: OnnxModel, name: string, options: OnnxImportOptions = {}): Graph {
  const opset = defaultOpset(model, name);
  const g = model.graph!;
  const b = new GraphBuilder(name);
  if (g.sparseInitializer.length > 0) fail('onnx/unsupported-type', `'${name}' has sparse initializers, which Ingot does not read`, { hint: 'densify them (onnx.numpy_helper) and re-save the model' });
  const initializers = new Set<string>();
  for (const t of g.initializer) {
    const users = g.node.flatMap((n, i) => (n.input.includes(t.name) ? [labelOf(n, i)] : []));
    const v = loadTensor(t, `initializer '${t.name}'${users.length > 0 ? ` (input of ${users.slice(0, 3).join(', ')})` : ''}`);
    b.define(t.name, b.addConstant(t.name, v.dtype, v.shape, v.data), 'the graph');
    initializers.add(t.name);
  }
  const inputShapes = options.inputShapes ?? {};
  const declaredInputs = g.input.filter((vi) => !initializers.has(vi.name));
  for (const key of Object.keys(inputShapes)) {
    if (!declaredInputs.some((vi) => vi.name === key)) {
      fail('input/shape', `--input-shape names '${key}', but the model's inputs are ${declaredInputs.map((vi) => `'${vi.name}'`).join(', ') || 'none'}`);
    }
  }
  for (const vi of declaredInputs) {
    const dtype = inputDtype(vi);
    b.define(vi.name, b.addInput(vi.name, dtype, inputShape(vi, inputShapes[vi.name]), options.constantInputs?.[vi.name]), 'the graph');
  }

  const groups = findQdqGroups(g);
  const absorbed = new Set<number>();
  g.node.forEach((node, index) => {
    if (absorbed.has(index)) return;
    const group = groups.get(index);
    if (group && convertGroup(b, g.node, group, opset)) {
      absorbed.add(group.q);
      if (group.relu !== undefined) absorbed.add(group.relu);
      return;
    }
    convertNode(b, node, index, opset);
  });

  const outputs = g.output.map((vi) => {
    const index = b.lookup(vi.name);
    if (index === undefined) fail('onnx/invalid', `graph output '${vi.name}' is not produced by any node, initializer or input`, { tensor: vi.name });
    return { name: vi.name, index };
  });
  const graph = b.finish(outputs);
  verifyGraph(graph);
  checkDeclaredShapes(b, [...g.valueInfo, ...g.output]);
  return graph;
}

function defaultOpset(model: OnnxModel, name: string): number {
  const entry = model.opsetImport.find((o) => DEFAULT_DOMAINS.has(o.domain));
  const version = entry ? Number(entry.version) : undefined;
  if (version === undefined || version < MIN_OPSET || version > MAX_OPSET) {
    fail('onnx/unsupported-opset', `'${name}' uses ai.onnx opset ${version ?? '(none declared)'}; Ingot supports opsets ${MIN_OPSET} to ${MAX_OPSET}`, {
      hint: `convert it with onnx.version_converter.convert_version(model, ${version !== undefined && version > MAX_OPSET ? MAX_OPSET : 13})`,
    });
  }
  return version;
}

function labelOf(node: OnnxNode, index: number): string {
  return `${node.opType} node '${node.name || node.output[0] || index}' (#${index})`;
}

function convertGroup(b: GraphBuilder, nodes: OnnxNode[], group: QdqGroup, opset: number): boolean {
  const label = `${labelOf(nodes[group.target]!, group.target)} (QDQ group)`;
  try {
    return convertQdqGroup(b, nodes, group, opset, label);
  } catch (e) {
    throw withNodeLabel(e, label);
  }
}

function convertNode(b: GraphBuilder, node: OnnxNode, index: number, opset: number): void {
  const label = labelOf(node, index);
  if (!DEFAULT_DOMAINS.has(node.domain)) {
    fail('onnx/unsupported-op', `${label} is from operator domain '${node.domain}', which Ingot does not support`, { hint: 'replace it with standard ONNX operators (ai.onnx), or remove it before compiling' });
  }
  const convert = ONNX_OPS[node.opType];
  if (!convert) {
    fail('onnx/unsupported-op', `${label}: operator ${node.opType} is not supported`, { hint: 'see "ONNX operators" in the README for the supported set; replace the operator or run it outside the model' });
  }
  try {
    convert(new NodeContext(b, node, opset, label));
  } catch (e) {
    throw withNodeLabel(e, label);
  }
  node.output.forEach((out, k) => {
    if (out !== '' && b.lookup(out) === undefined) fail('onnx/unsupported-op', `${label}: output ${k} ('${out}') is not supported`);
  });
}

function inputDtype(vi: OnnxValueInfo) {
  const elem = vi.type?.tensorType?.elemType;
  if (elem === undefined) fail('onnx/unsupported-type', `graph input '${vi.name}' is not a tensor (sequence, map or optional inputs are not supported)`, { tensor: vi.name });
  const dtype = irDtypeOf(elem);
  if (dtype === undefined) {
    fail('onnx/unsupported-type', `graph input '${vi.name}' has element type ${dataTypeName(elem)}, which Ingot does not support`, { tensor: vi.name, hint: 'export the model with float32 (or int8/uint8) inputs' });
  }
  return dtype;
}

function inputShape(vi: OnnxValueInfo, given: number[] | undefined): number[] {
  const dims = vi.type?.tensorType?.shape?.dim;
  const declared = dims?.map((d) => (d.dimValue !== undefined && d.dimValue !== null && Number(d.dimValue) > 0 ? Number(d.dimValue) : undefined));
  if (given) {
    if (declared && declared.length !== given.length) fail('input/shape', `input '${vi.name}' has rank ${declared.length}; --input-shape gives ${formatShape(given)}`, { tensor: vi.name });
    declared?.forEach((d, i) => {
      if (d !== undefined && d !== given[i]) fail('input/shape', `input '${vi.name}' has dimension ${i} fixed at ${d}; --input-shape gives ${given[i]}`, { tensor: vi.name });
    });
    return given.slice();
  }
  if (!declared || declared.some((d) => d === undefined)) {
    const shown = declared ? `[${dims!.map((d, i) => declared[i] ?? (d.dimParam || '?')).join(',')}]` : 'no shape';
    const example = declared ? declared.map((d) => d ?? 1).join('x') : '1x3x224x224';
    fail('onnx/dynamic-shape', `graph input '${vi.name}' has a dynamic shape (${shown}); Ingot compiles static shapes`, {
      tensor: vi.name, hint: `give it one with --input-shape ${vi.name}=${example}`,
    });
  }
  return declared as number[];
}

/** Declared shapes that are fully static must match the computed ones. */
function checkDeclaredShapes(b: GraphBuilder, infos: OnnxValueInfo[]): void {
  for (const vi of infos) {
    const dims = vi.type?.tensorType?.shape?.dim;
    if (!dims || dims.some((d) => d.dimValue === undefined || d.dimValue === null || d.dimParam)) continue;
    const index = b.lookup(vi.name);
    if (index === undefined) continue;
    const declared = dims.map((d) => Number(d.dimValue));
    const have = b.tensors[index]!.shape;
    if (declared.length !== have.length || declared.some((d, i) => d !== have[i])) {
      fail('shape/mismatch', `value '${vi.name}' is declared ${formatShape(declared)} in the model, but computes to ${formatShape(have)}`, {
        tensor: vi.name, hint: 'the model file is inconsistent; re-export it or run onnx.shape_inference',
      });
    }
  }
}
