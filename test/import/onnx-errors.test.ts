/**
 * ONNX import diagnostics: each problem a user can hit gets a stable code
 * and a message naming the node, tensor or input and what to do — never a
 * stack trace. Models are written by scripts/fixtures/onnx-writer.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importModel } from '../../compiler/import/index.js';
import { IngotError, type DiagnosticCode } from '../../compiler/ir/index.js';
import { ONNX_TYPES, rawOf, writeOnnxModel, type ModelSpec } from '../../scripts/fixtures/onnx-writer.js';
import { repoRoot, sharedDir } from '../helpers/paths.js';

const F = ONNX_TYPES.float;

/** x → Relu → y on float[1,3,8,8], with overrides. */
function model(over: Partial<ModelSpec> = {}): Uint8Array {
  return writeOnnxModel({
    opset: 13,
    nodes: [{ op: 'Relu', inputs: ['x'], outputs: ['y'], name: 'act' }],
    inputs: [{ name: 'x', type: F, dims: [1, 3, 8, 8] }],
    outputs: [{ name: 'y', type: F, dims: [1, 3, 8, 8] }],
    ...over,
  });
}

function diagnostic(t: import('ava').ExecutionContext, bytes: Uint8Array, code: DiagnosticCode, options = {}): { message: string; hint: string } {
  const e = t.throws(() => importModel(bytes, 'm', options), { instanceOf: IngotError });
  t.is(e?.code, code, e?.message);
  return { message: e?.diagnostic.message ?? '', hint: e?.diagnostic.hint ?? '' };
}

test('a well-formed model imports', (t) => {
  const g = importModel(model(), 'm');
  t.is(g.source, 'onnx');
  t.deepEqual(g.ops.map((op) => op.kind), ['relu']);
});

test('an unsupported operator names the node, its index and the operator', (t) => {
  const d = diagnostic(t, model({ nodes: [{ op: 'Relu', inputs: ['x'], outputs: ['h'], name: 'first' }, { op: 'NonMaxSuppression', inputs: ['h'], outputs: ['y'], name: 'nms' }] }), 'onnx/unsupported-op');
  t.regex(d.message, /NonMaxSuppression node 'nms' \(#1\): operator NonMaxSuppression is not supported/);
  t.regex(d.hint, /README/);
});

test('an operator from a custom domain names the domain', (t) => {
  const d = diagnostic(t, model({ nodes: [{ op: 'FusedConv', domain: 'com.microsoft', inputs: ['x'], outputs: ['y'], name: 'fc' }] }), 'onnx/unsupported-op');
  t.regex(d.message, /FusedConv node 'fc' \(#0\) is from operator domain 'com\.microsoft'/);
});

test('an unsupported attribute value names the node and the attribute', (t) => {
  const resize = { op: 'Resize', inputs: ['x', 'roi', 'scales'], outputs: ['y'], name: 'up', attrs: { coordinate_transformation_mode: 'tf_half_pixel_for_nn' } };
  const initializers = [{ name: 'roi', type: F, dims: [0], raw: rawOf(new Float32Array(0)) }, { name: 'scales', type: F, dims: [4], raw: rawOf(new Float32Array([1, 1, 2, 2])) }];
  const d = diagnostic(t, model({ nodes: [resize], initializers }), 'onnx/unsupported-op');
  t.regex(d.message, /Resize node 'up' \(#0\): coordinate_transformation_mode 'tf_half_pixel_for_nn' is not supported/);
});

test('a malformed attribute is a bad-attribute diagnostic', (t) => {
  const conv = { op: 'Conv', inputs: ['x', 'w'], outputs: ['y'], name: 'c', attrs: { auto_pad: 'SOMETIMES' } };
  const w = { name: 'w', type: F, dims: [3, 3, 1, 1], raw: rawOf(new Float32Array(9)) };
  const d = diagnostic(t, model({ nodes: [conv], initializers: [w] }), 'onnx/bad-attribute');
  t.regex(d.message, /Conv node 'c' \(#0\): auto_pad 'SOMETIMES'/);
  const typed = { op: 'LeakyRelu', inputs: ['x'], outputs: ['y'], name: 'l', attrs: { alpha: 2 } };
  t.regex(diagnostic(t, model({ nodes: [typed] }), 'onnx/bad-attribute').message, /attribute 'alpha' is INT, expected FLOAT/);
});

test('opsets outside 6..27 are rejected with a conversion hint', (t) => {
  const old = diagnostic(t, model({ opset: 5 }), 'onnx/unsupported-opset');
  t.regex(old.message, /opset 5; Ingot supports opsets 6 to 27/);
  t.regex(old.hint, /version_converter/);
  t.regex(diagnostic(t, model({ opset: 99 }), 'onnx/unsupported-opset').hint, /convert_version\(model, 27\)/);
});

test('a symbolic input dimension asks for --input-shape, and --input-shape resolves it', (t) => {
  const dynamic = model({ inputs: [{ name: 'x', type: F, dims: ['batch', 3, 8, 8] }], outputs: [{ name: 'y', type: F, dims: ['batch', 3, 8, 8] }] });
  const d = diagnostic(t, dynamic, 'onnx/dynamic-shape');
  t.regex(d.message, /graph input 'x' has a dynamic shape \(\[batch,3,8,8\]\)/);
  t.is(d.hint, 'give it one with --input-shape x=1x3x8x8');
  const g = importModel(dynamic, 'm', { inputShapes: { x: [4, 3, 8, 8] } });
  t.deepEqual(g.tensors[g.outputs[0]!]!.shape, [4, 3, 8, 8]);
  t.regex(diagnostic(t, dynamic, 'input/shape', { inputShapes: { x: [4, 3, 9, 8] } }).message, /dimension 2 fixed at 8; --input-shape gives 9/);
  t.regex(diagnostic(t, dynamic, 'input/shape', { inputShapes: { nope: [1] } }).message, /names 'nope', but the model's inputs are 'x'/);
});

test('a shape computed at run time names the node', (t) => {
  const reshape = model({
    nodes: [{ op: 'Reshape', inputs: ['x', 'shape'], outputs: ['y'], name: 'flatten' }],
    inputs: [{ name: 'x', type: F, dims: [1, 3, 8, 8] }, { name: 'shape', type: ONNX_TYPES.int64, dims: [2] }],
    outputs: [{ name: 'y', type: F }],
  });
  const d = diagnostic(t, reshape, 'onnx/dynamic-shape');
  t.regex(d.message, /Reshape node 'flatten' \(#0\): its shape input 'shape' is computed at run time/);
  t.regex(d.hint, /--input-shape/);
});

test('weights in an external file name the tensor and how to embed them', (t) => {
  const conv = { op: 'Conv', inputs: ['x', 'conv.weight'], outputs: ['y'], name: 'c' };
  const w = { name: 'conv.weight', type: F, dims: [3, 3, 1, 1], external: { location: 'weights.bin', offset: '0', length: '36' } };
  const d = diagnostic(t, model({ nodes: [conv], initializers: [w] }), 'onnx/external-data');
  t.regex(d.message, /initializer 'conv\.weight' \(input of Conv node 'c' \(#0\)\) keeps its data in an external file \('weights\.bin'\)/);
  t.regex(d.hint, /save_as_external_data=False/);
});

test('element types Ingot lacks are named', (t) => {
  const half = model({ inputs: [{ name: 'x', type: 10, dims: [1, 3, 8, 8] }] });
  t.regex(diagnostic(t, half, 'onnx/unsupported-type').message, /graph input 'x' has element type FLOAT16/);
});

test('structural errors: an undefined input, an unproduced output', (t) => {
  const dangling = model({ nodes: [{ op: 'Relu', inputs: ['nowhere'], outputs: ['y'], name: 'r' }] });
  t.regex(diagnostic(t, dangling, 'onnx/invalid').message, /Relu node 'r' \(#0\): input 'nowhere' is not produced by any earlier node/);
  const orphan = model({ outputs: [{ name: 'z', type: F, dims: [1] }] });
  t.regex(diagnostic(t, orphan, 'onnx/invalid').message, /graph output 'z' is not produced/);
});

test('a declared shape that contradicts the computed one is reported', (t) => {
  const wrong = model({ outputs: [{ name: 'y', type: F, dims: [1, 3, 8, 9] }] });
  t.regex(diagnostic(t, wrong, 'shape/mismatch').message, /value 'y' is declared \[1,3,8,9\] in the model, but computes to \[1,3,8,8\]/);
});

test('truncated ONNX bytes are corrupt; other bytes are an unknown format', (t) => {
  const mnist = new Uint8Array(readFileSync(join(sharedDir, 'models', 'onnx-mnist-8', 'model.onnx')));
  t.regex(diagnostic(t, mnist.subarray(0, 5000), 'onnx/corrupt').message, /is not a readable ONNX model/);
  diagnostic(t, new TextEncoder().encode('definitely not a model'), 'model/unknown-format');
  t.regex(diagnostic(t, new Uint8Array(0), 'model/unknown-format').message, /^model 'm' has 0 bytes: the file is empty$/);
});

test('random byte corruption never escapes as anything but a diagnostic', (t) => {
  const models = [
    join(sharedDir, 'models', 'onnx-mnist-8', 'model.onnx'),
    join(repoRoot, 'fixtures', 'onnx', 'mnist-8-qdq.onnx'),
    join(sharedDir, 'onnx-node-tests', 'test_conv_with_autopad_same', 'model.onnx'),
    join(sharedDir, 'onnx-node-tests', 'test_qlinearmatmul_3D_uint8_float32', 'model.onnx'),
  ].map((path) => new Uint8Array(readFileSync(path)));
  let seed = 12345;
  const next = (): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed;
  };
  const codes = new Map<string, number>();
  for (let trial = 0; trial < 800; trial++) {
    const bytes = models[trial % models.length]!.slice();
    const flips = 1 + (next() % 8);
    for (let k = 0; k < flips; k++) bytes[next() % bytes.length] = next() & 0xff;
    try {
      importModel(bytes, 'fuzzed');
      codes.set('ok', (codes.get('ok') ?? 0) + 1);
    } catch (e) {
      if (!(e instanceof IngotError)) t.fail(`trial ${trial}: ${(e as Error).stack}`);
      else codes.set(e.code, (codes.get(e.code) ?? 0) + 1);
    }
  }
  t.log([...codes].map(([c, n]) => `${c}: ${n}`).join(', '));
  t.pass();
});
