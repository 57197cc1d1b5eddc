/**
 * Bad model files give one diagnostic with a stable code — from the library
 * and from the CLI (one line on stderr, exit status 1) — never a crash.
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReferenceExecutor } from '../../compiler/exec/reference.js';
import { importModel } from '../../compiler/import/index.js';
import { IngotError } from '../../compiler/ir/index.js';
import { repoRoot, sharedDir } from '../helpers/paths.js';
import { buildTflite, reluModel, unsignedTensorModel, unsignedToFloatCastModel, unsupportedOpModel } from '../helpers/tflite-builder.js';

const scratch = mkdtempSync(join(tmpdir(), 'ingot-errors-'));
const model = (rel: string): Uint8Array => new Uint8Array(readFileSync(join(sharedDir, 'models', rel)));

function importCode(bytes: Uint8Array): string | undefined {
  try {
    new ReferenceExecutor(importModel(bytes, 'm'));
    return undefined;
  } catch (e) {
    if (e instanceof IngotError) return e.code;
    throw e;
  }
}

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(repoRoot, 'bin', 'ingot.js'), ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface BadModel {
  title: string;
  bytes: () => Uint8Array;
  code: string;
  mentions: RegExp;
}

const cases: BadModel[] = [
  { title: 'a Vela (Ethos-U) model', bytes: () => model('tflm-person-detection/person_detect_vela.tflite'), code: 'tflite/npu-model', mentions: /Ethos-U/ },
  { title: 'a truncated file', bytes: () => model('tflm-person-detection/person_detect.tflite').subarray(0, 150000), code: 'tflite/truncated', mentions: /past the end/ },
  {
    title: 'an out-of-range buffer offset',
    bytes: () => buildTflite(reluModel([{ offset: 1_000_000n, size: 4n }], 1)),
    code: 'tflite/bad-offset',
    mentions: /beyond the \d+-byte file/,
  },
  { title: 'an out-of-range buffer index', bytes: () => buildTflite(reluModel([], 7)), code: 'tflite/bad-index', mentions: /buffer 7/ },
  { title: 'a file that is not TFLite', bytes: () => new Uint8Array(readFileSync(join(repoRoot, 'package.json'))), code: 'model/unknown-format', mentions: /neither a TFLite/ },
  { title: 'a model with an unsupported op', bytes: () => buildTflite(unsupportedOpModel()), code: 'op/unsupported', mentions: /MATRIX_DIAG/ },
  { title: 'a UINT32 model input', bytes: () => buildTflite(unsignedTensorModel()), code: 'tflite/unsupported-type', mentions: /tensor 0 'in' has element type UINT32, which Ingot does not support as a model input or output/ },
  { title: 'a UINT32 tensor cast to float32', bytes: () => buildTflite(unsignedToFloatCastModel()), code: 'tflite/unsupported-type', mentions: /tensor 1 'bits' has element type UINT32, which Ingot does not support outside TFLite Micro's signal operators/ },
];

for (const [index, c] of cases.entries()) {
  test(`library: ${c.title} → ${c.code}`, (t) => {
    t.is(importCode(c.bytes()), c.code);
  });

  test(`cli run: ${c.title} → one line, ${c.code}, exit 1`, (t) => {
    const file = join(scratch, `${index}-${c.code.replace('/', '_')}.tflite`);
    writeFileSync(file, c.bytes());
    const r = cli(['run', file, '--input', 'x.npy', '--output', join(scratch, 'never.npy')]);
    t.is(r.status, 1);
    const lines = r.stderr.trim().split('\n');
    t.is(lines.length, 1, r.stderr);
    t.true(lines[0]!.startsWith(`error[${c.code}]: `), lines[0]);
    t.regex(lines[0]!, c.mentions);
    t.false(r.stderr.includes('    at '), 'no stack trace');
  });
}

test('cli inspect lists an unsupported op with its index, then exits 1', (t) => {
  const file = join(scratch, 'matrix-diag.tflite');
  writeFileSync(file, buildTflite(unsupportedOpModel()));
  const r = cli(['inspect', file]);
  t.is(r.status, 1);
  t.regex(r.stdout, /^\s+0\s+MATRIX_DIAG \(UNSUPPORTED\)/m);
  t.regex(r.stderr.trim(), /^error\[op\/unsupported\]: op 0 \(MATRIX_DIAG\)/);
});

test('a missing model file is a diagnostic, not a stack trace', (t) => {
  const r = cli(['inspect', join(scratch, 'nope.tflite')]);
  t.is(r.status, 1);
  t.regex(r.stderr, /^error\[model\/not-found\]: model '.*nope\.tflite' does not exist/);
});

test('random byte corruption never escapes as anything but a diagnostic', (t) => {
  const original = model('tflm-micro-speech/micro_speech_quantized.tflite');
  let seed = 0x2545f491;
  const next = (): number => {
    seed ^= seed << 13; seed >>>= 0;
    seed ^= seed >>> 17;
    seed ^= seed << 5; seed >>>= 0;
    return seed;
  };
  let diagnosed = 0;
  for (let k = 0; k < 300; k++) {
    const bytes = original.slice();
    for (let j = 0; j < 3; j++) bytes[next() % bytes.length] = next() & 0xff;
    const code = importCode(bytes);
    if (code !== undefined) diagnosed++;
  }
  t.true(diagnosed > 0, 'some corruptions must be detected');
});
