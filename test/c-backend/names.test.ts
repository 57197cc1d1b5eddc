/**
 * Names from a model cannot break or inject into the generated code: a real
 * model whose model, tensor and op names hold comment terminators, quotes,
 * backslashes, newlines, trigraphs and C code still compiles warning-free
 * (with the per-layer profiling strings compiled in), computes TFLite
 * Micro's outputs, defines no symbol the names tried to inject, and prints
 * the op names back unchanged through the profiling hook (names longer than
 * a C99 string literal may be are shortened).
 */
import test from 'ava';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildHostBundle } from '../../compiler/bundle/host-build.js';
import { runHostExample } from '../../compiler/bundle/host-run.js';
import { compile } from '../../compiler/compile.js';
import { importModel } from '../../compiler/import/index.js';
import type { Graph } from '../../compiler/ir/index.js';
import { compareFiles, oracleCaseFiles, testCacheDir, withCompiler } from '../helpers/c-bundles.js';
import { modelBytes, oracleEntry } from '../helpers/oracle.js';

const ID = 'tflm-hello-world__hello_world_int8';
const PAYLOADS = [
  '*/ int injected_comment = 1; /*',
  '"); int injected_string = 2; ("',
  'back\\slash\\',
  'new\nline int injected_line = 3;',
  '??/',
  '#define int long',
  'ünïcödé\u2028\0',
];

function hostileGraph(): Graph {
  const g = importModel(modelBytes(oracleEntry(ID)), ID);
  g.name = PAYLOADS.join(' ');
  g.tensors.forEach((t, i) => (t.name = `${PAYLOADS[i % PAYLOADS.length]}${i}`));
  g.ops.forEach((op, i) => (op.name = `${PAYLOADS[(i + 3) % PAYLOADS.length]}op${i}`));
  // Longer than the 4095 characters C99 promises for a string literal.
  g.tensors[0]!.name = `long ${'x'.repeat(6000)}`;
  g.ops[g.ops.length - 1]!.name = `long ${'*/'.repeat(3000)}`;
  return g;
}

test('hostile tensor, op and model names cannot break or inject into the generated C', async (t) => {
  const g = hostileGraph();
  const result = compile(g);
  t.regex(result.bundle.name, /^[a-z][a-z0-9_]*$/);
  const cFiles = result.bundle.files.filter((f) => /\.(c|h)$/.test(f.path));
  for (const f of cFiles) {
    const text = new TextDecoder().decode(f.bytes);
    t.false(text.includes('injected_comment = 1; /*'), f.path);
    t.false(/^line int injected_line/m.test(text), f.path);
  }
  const build = await withCompiler(() => buildHostBundle(result.bundle.name, result.bundle.files, {
    cacheDir: join(testCacheDir, 'names'),
    make: { CFLAGS: '-O2 -DINGOT_PROFILE -std=c99 -Wall -Wextra -Werror -pedantic -Wtrigraphs' },
  }));
  const symbols = execFileSync('nm', [join(build.dir, 'build', `lib${result.bundle.name}.a`)]).toString();
  t.notRegex(symbols, / injected_(comment|string|line)$/m);

  const problems: string[] = [];
  let profile = '';
  for (const c of oracleCaseFiles(ID)) {
    const outputs = c.outputs.map((_, i) => join(build.dir, `${c.name}.out${i}.npy`));
    profile = (await runHostExample(build, c.inputs, outputs, { runs: 1 })).stdout;
    problems.push(...compareFiles(outputs, c.outputs, c.name));
  }
  t.deepEqual(problems, []);
  for (const op of g.ops.slice(0, -1)) t.true(profile.includes(`${op.source} ${op.name}\n`), JSON.stringify(op.name));
  t.true(profile.includes(`${g.ops[g.ops.length - 1]!.source} long */*/`), 'a long name is shortened, not dropped');
  const manifest = JSON.parse(readFileSync(join(build.dir, 'manifest.json'), 'utf8')) as { model: { name: string } };
  t.is(manifest.model.name, g.name);
});
