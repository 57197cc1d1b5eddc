/**
 * `ingot quantize` end to end: a folder of .npy samples in, a .tflite that
 * Ingot imports back and a JSON report out, the accuracy report on stdout;
 * bad calibration data or options fail with one diagnostic line and write
 * nothing.
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importModel } from '../../compiler/import/index.js';
import { serializeNpy } from '../../compiler/io/npy.js';
import type { QuantReport } from '../../compiler/quant/quantize-model.js';
import { repoRoot, sharedDir } from '../helpers/paths.js';
import { magicWandSamples } from '../helpers/quant-data.js';

const ingot = (args: string[]) => spawnSync(process.execPath, [join(repoRoot, 'bin', 'ingot.js'), ...args], { encoding: 'utf8' });
const MAGIC_WAND = join(sharedDir, 'models/tflm-magic-wand/magic_wand.tflite');

function sampleDir(count: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'ingot-quant-cli-'));
  magicWandSamples(count, 1).forEach((s, i) => writeFileSync(join(dir, `s${String(i).padStart(3, '0')}.npy`), serializeNpy(s[0]!)));
  return dir;
}

test('quantizes magic_wand to int8 from a folder of .npy samples and reports the accuracy', (t) => {
  const calib = sampleDir(16);
  const out = join(calib, 'out', 'mw_int8.tflite');
  const reportPath = join(calib, 'out', 'report.json');
  const r = ingot(['quantize', MAGIC_WAND, '--calib', calib, '-o', out, '--report', reportPath]);
  t.is(r.status, 0, r.stderr);
  t.is(r.stderr, '', 'no progress output when stderr is not a terminal');
  t.regex(r.stdout, /magic_wand: int8 quantization, percentile activation ranges, float I\/O/);
  t.regex(r.stdout, /top-1 agree/);
  const g = importModel(new Uint8Array(readFileSync(out)), 'back');
  t.is(g.tensors[g.inputs[0]!]!.dtype, 'f32');
  t.true(g.tensors.some((x) => x.dtype === 'i8' && x.data !== undefined));
  const report = JSON.parse(readFileSync(reportPath, 'utf8')) as QuantReport;
  t.is(report.calibrationSamples, 16);
  t.is(report.outputs.length, 1);
  t.true(report.outputs[0]!.stats.top1Agreement! > 0.8);
  t.is(report.layers.filter((l) => l.weightBits === 8).length, 4);
});

test('mixed mode prints the width chosen for each layer', (t) => {
  const calib = sampleDir(8);
  const out = join(calib, 'mixed.tflite');
  const r = ingot(['quantize', MAGIC_WAND, '--mode', 'mixed', '--max-flash', '3000', '--calib', calib, '-o', out]);
  t.is(r.status, 0, r.stderr);
  t.regex(r.stdout, /mixed precision: \d+ of 3000 bytes budget/);
  t.true(existsSync(out));
});

test('calibration data of the wrong shape is one diagnostic line and no output file', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ingot-quant-cli-'));
  writeFileSync(join(dir, 'bad.npy'), serializeNpy({ dtype: 'f32', shape: [1, 96, 96, 3], data: new Float32Array(96 * 96 * 3) }));
  const out = join(dir, 'never.tflite');
  const r = ingot(['quantize', MAGIC_WAND, '--calib', dir, '-o', out]);
  t.is(r.status, 1);
  t.is(r.stderr, "error[calib/shape]: calibration data for input 0 'conv2d_input' from bad.npy has shape [1,96,96,3]; the model expects [1,128,3,1] (or [N,1,128,3,1] for N samples) — reshape the samples to the model input shape\n");
  t.false(existsSync(out));
});

test('mixed without --max-flash, and an unknown mode, are refused', (t) => {
  const calib = sampleDir(2);
  const r = ingot(['quantize', MAGIC_WAND, '--mode', 'mixed', '--calib', calib, '-o', join(calib, 'x.tflite')]);
  t.is(r.status, 1);
  t.regex(r.stderr, /^error\[quant\/bad-option\]: mixed precision needs a flash budget — pass --max-flash BYTES/);
  const bad = ingot(['quantize', MAGIC_WAND, '--mode', 'int3', '--calib', calib, '-o', join(calib, 'x.tflite')]);
  t.is(bad.status, 2);
  t.regex(bad.stderr, /^error\[cli\/bad-argument\]: Invalid values:/);
  for (const shape of ['1,x', '1,,3', '0,128']) {
    const r = ingot(['quantize', MAGIC_WAND, '--calib', calib, '--calib-shape', shape, '-o', join(calib, 'x.tflite')]);
    t.is(r.status, 1, shape);
    t.is(r.stderr, `error[cli/bad-argument]: --calib-shape '${shape}' is not a shape — give positive integers separated by commas, e.g. 1,96,96,3\n`);
  }
  t.false(existsSync(join(calib, 'x.tflite')));
});
