/**
 * `ingot run` end to end: .npy in, .npy out, equal to TFLite Micro's output.
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseNpy } from '../../compiler/io/npy.js';
import { oracleDir, repoRoot, sharedDir } from '../helpers/paths.js';

const ingot = (args: string[]) => spawnSync(process.execPath, [join(repoRoot, 'bin', 'ingot.js'), ...args], { encoding: 'utf8' });

test('runs person_detect on the person image and writes the oracle output', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ingot-run-'));
  const out = join(dir, 'scores.npy');
  const caseDir = join(oracleDir, 'tflm-person-detection__person_detect');
  const r = ingot(['run', join(sharedDir, 'models/tflm-person-detection/person_detect.tflite'), '--input', join(caseDir, 'real_person.in0.npy'), '--output', out]);
  t.is(r.status, 0, r.stderr);
  const got = parseNpy(new Uint8Array(readFileSync(out)));
  const want = parseNpy(new Uint8Array(readFileSync(join(caseDir, 'real_person.out0.npy'))));
  t.deepEqual(got.shape, [1, 2]);
  t.deepEqual(Array.from(got.data as Int8Array), Array.from(want.data as Int8Array));
});

test('runs a two-input model', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ingot-run-'));
  const out = join(dir, 'sum.npy');
  const caseDir = join(oracleDir, 'tflm-simple-add__simple_add_model');
  const r = ingot(['run', join(sharedDir, 'models/tflm-simple-add/simple_add_model.tflite'), '-i', join(caseDir, 'rand_3.in0.npy'), '-i', join(caseDir, 'rand_3.in1.npy'), '-o', out]);
  t.is(r.status, 0, r.stderr);
  const want = parseNpy(new Uint8Array(readFileSync(join(caseDir, 'rand_3.out0.npy'))));
  t.deepEqual(Array.from(parseNpy(new Uint8Array(readFileSync(out))).data as Int8Array), Array.from(want.data as Int8Array));
});

test('an input of the wrong shape names the input and both shapes, and writes nothing', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ingot-run-'));
  const out = join(dir, 'never.npy');
  const r = ingot(['run', join(sharedDir, 'models/tflm-person-detection/person_detect.tflite'), '-i', join(oracleDir, 'tflm-hello-world__hello_world_int8', 'rand_0.in0.npy'), '-o', out]);
  t.is(r.status, 1);
  t.regex(r.stderr, /^error\[input\/shape\]: input 0 'input' has shape \[1,96,96,1\], the given array has \[1,1\]/);
  t.false(existsSync(out));
});

test('a wrong flag is a usage error with exit status 2', (t) => {
  const r = ingot(['run', 'model.tflite', '--frobnicate']);
  t.is(r.status, 2);
  t.regex(r.stderr, /^error\[cli\/bad-argument\]: Unknown argument: frobnicate/);
});

test('--help describes every command', (t) => {
  const r = ingot(['--help']);
  t.is(r.status, 0);
  for (const cmd of ['inspect', 'run']) t.regex(r.stdout, new RegExp(`ingot ${cmd} <`));
});
