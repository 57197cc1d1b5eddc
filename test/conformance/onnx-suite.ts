/**
 * The ONNX backend test suites as test cases: each folder holds model.onnx
 * and test_data_set_N/input_K.pb, output_K.pb (serialized TensorProtos).
 * Inputs are matched to graph inputs by name (or by order when unnamed) and
 * every input value is offered to the importer as a compile-time constant,
 * which it bakes in only where an op needs one (weights, shapes, axes); the
 * rest stay run-time inputs that the backend is fed.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KnownValue } from '../../compiler/import/onnx/builder.js';
import { decodeOnnxTensor, loadTensor } from '../../compiler/import/onnx/index.js';
import { messageType, type OnnxModel } from '../../compiler/import/onnx/schema.js';
import { repoRoot, sharedDir } from '../helpers/paths.js';

/** Where each suite lives beside the checkout, by the prefix the allow-list uses. */
export const SUITES: Record<string, string> = {
  node: join(sharedDir, 'onnx-node-tests'),
  pytorch: join(sharedDir, 'onnx-pytorch-converted-tests'),
};

export const ALLOW_LIST = join(repoRoot, 'test', 'conformance', 'onnx-node.txt');

export interface DataSet {
  /** Inputs by graph input name, in the model's input order. */
  inputs: Array<{ name: string; value: KnownValue }>;
  outputs: KnownValue[];
}

export interface SuiteCase {
  /** `suite/test_name`, as in the allow-list. */
  id: string;
  dir: string;
  model: Uint8Array;
  dataSets: DataSet[];
}

/** Allow-list entries: one `suite/test_name` per line; `#` starts a comment. */
export function readAllowList(path = ALLOW_LIST): string[] {
  return readFileSync(path, 'utf8').split('\n').map((l) => l.replace(/#.*/, '').trim()).filter((l) => l.length > 0);
}

/** Every test folder of every suite, as ids. */
export function allSuiteIds(): string[] {
  return Object.entries(SUITES).flatMap(([suite, dir]) =>
    readdirSync(dir).filter((t) => existsSync(join(dir, t, 'model.onnx'))).sort().map((t) => `${suite}/${t}`));
}

export function loadCase(id: string): SuiteCase {
  const [suite, name] = id.split('/') as [string, string];
  const root = SUITES[suite];
  if (root === undefined || name === undefined) throw new Error(`bad test id '${id}' (expected suite/test_name)`);
  const dir = join(root, name);
  const model = new Uint8Array(readFileSync(join(dir, 'model.onnx')));
  const inputNames = runtimeInputNames(model);
  const dataSets = readdirSync(dir).filter((d) => d.startsWith('test_data_set_')).sort().map((d) => {
    const read = (prefix: string): Array<{ name: string; value: KnownValue }> =>
      readdirSync(join(dir, d)).filter((f) => f.startsWith(prefix) && f.endsWith('.pb'))
        .sort((a, b) => indexOf(a) - indexOf(b))
        .map((f) => {
          const proto = decodeOnnxTensor(new Uint8Array(readFileSync(join(dir, d, f))), f);
          return { name: proto.name, value: loadTensor(proto, `${id}/${d}/${f}`) };
        });
    const inputs = read('input_').map((x, i) => ({ name: x.name || inputNames[i] || `input_${i}`, value: x.value }));
    return { inputs, outputs: read('output_').map((x) => x.value) };
  });
  return { id, dir, model, dataSets };
}

function indexOf(file: string): number {
  return Number(/_(\d+)\.pb$/.exec(file)?.[1] ?? 0);
}

/** Graph inputs that are not initializers, in order. */
function runtimeInputNames(model: Uint8Array): string[] {
  const m = messageType('ModelProto').decode(model) as unknown as OnnxModel;
  const inits = new Set(m.graph?.initializer.map((t) => t.name) ?? []);
  return (m.graph?.input ?? []).map((vi) => vi.name).filter((n) => !inits.has(n));
}
