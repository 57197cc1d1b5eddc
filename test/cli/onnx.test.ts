/**
 * The command line on ONNX models: `--input-shape` for symbolic input dims
 * (with the diagnostic that asks for it), `ingot run` on onnx-mnist-8
 * reproducing the model zoo's expected output, and `ingot compile` turning
 * it into a C bundle that `ingot run` builds and runs to the same logits.
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeOnnxTensor, loadTensor } from '../../compiler/import/onnx/index.js';
import { parseNpy, serializeNpy } from '../../compiler/io/npy.js';
import { ONNX_TYPES, writeOnnxModel } from '../../scripts/fixtures/onnx-writer.js';
import { repoRoot, sharedDir } from '../helpers/paths.js';

const ingot = (args: string[]) => spawnSync(process.execPath, [join(repoRoot, 'bin', 'ingot.js'), ...args], { encoding: 'utf8' });

function dynamicModel(dir: string): string {
  const path = join(dir, 'dynamic.onnx');
  writeFileSync(path, writeOnnxModel({
    opset: 13,
    nodes: [{ op: 'Sigmoid', inputs: ['x'], outputs: ['y'], name: 'gate' }],
    inputs: [{ name: 'x', type: ONNX_TYPES.float, dims: ['N', 4] }],
    outputs: [{ name: 'y', type: ONNX_TYPES.float, dims: ['N', 4] }],
  }));
  return path;
}

test('a symbolic dimension fails with a hint naming --input-shape; the flag fixes it', (t) => {
  const model = dynamicModel(mkdtempSync(join(tmpdir(), 'ingot-onnx-')));
  const bad = ingot(['inspect', model]);
  t.is(bad.status, 1);
  t.is(bad.stderr.trim(), "error[onnx/dynamic-shape]: graph input 'x' has a dynamic shape ([N,4]); Ingot compiles static shapes — give it one with --input-shape x=1x4");
  const good = ingot(['inspect', model, '--input-shape', 'x=3x4']);
  t.is(good.status, 0, good.stderr);
  t.regex(good.stdout, /input {2}"x" f32\[3,4\]/);
});

test('a malformed --input-shape is a usage error (exit 2)', (t) => {
  const model = dynamicModel(mkdtempSync(join(tmpdir(), 'ingot-onnx-')));
  const r = ingot(['inspect', model, '--input-shape', 'x=3by4']);
  t.is(r.status, 2);
  t.regex(r.stderr, /error\[cli\/bad-argument\]: --input-shape 'x=3by4': dimensions must be positive integers/);
});

test('ingot run on onnx-mnist-8 writes the model zoo expected logits', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ingot-onnx-'));
  const data = join(sharedDir, 'models', 'onnx-mnist-8', 'test_data_set_0');
  const pb = (f: string) => loadTensor(decodeOnnxTensor(new Uint8Array(readFileSync(join(data, f))), f), f);
  const input = pb('input_0.pb');
  writeFileSync(join(dir, 'x.npy'), serializeNpy({ dtype: input.dtype, shape: input.shape, data: input.data }));
  const r = ingot(['run', join(sharedDir, 'models', 'onnx-mnist-8', 'model.onnx'), '-i', join(dir, 'x.npy'), '-o', join(dir, 'y.npy')]);
  t.is(r.status, 0, r.stderr);
  const got = parseNpy(new Uint8Array(readFileSync(join(dir, 'y.npy')))).data as Float32Array;
  const want = pb('output_0.pb').data as Float32Array;
  t.is(got.length, 10);
  want.forEach((w, i) => t.true(Math.abs(got[i]! - w) <= 1e-3 * Math.abs(w) + 1e-7, `logit ${i}: ${got[i]} vs ${w}`));
});

test('ingot compile on onnx-mnist-8 writes a C bundle whose logits equal the reference executor\'s bit for bit', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ingot-onnx-'));
  const data = join(sharedDir, 'models', 'onnx-mnist-8', 'test_data_set_0');
  const input = loadTensor(decodeOnnxTensor(new Uint8Array(readFileSync(join(data, 'input_0.pb'))), 'input_0.pb'), 'input_0.pb');
  writeFileSync(join(dir, 'x.npy'), serializeNpy({ dtype: input.dtype, shape: input.shape, data: input.data }));
  const model = join(sharedDir, 'models', 'onnx-mnist-8', 'model.onnx');
  const compiled = ingot(['compile', model, '-o', join(dir, 'mnist.tar')]);
  t.is(compiled.status, 0, compiled.stderr);
  t.regex(compiled.stdout, /^wrote .*mnist\.tar: \d+ layers/);
  const c = ingot(['run', join(dir, 'mnist.tar'), '-i', join(dir, 'x.npy'), '-o', join(dir, 'c.npy')]);
  t.is(c.status, 0, c.stderr);
  const ref = ingot(['run', model, '-i', join(dir, 'x.npy'), '-o', join(dir, 'ref.npy')]);
  t.is(ref.status, 0, ref.stderr);
  t.deepEqual(readFileSync(join(dir, 'c.npy')), readFileSync(join(dir, 'ref.npy')));
});
