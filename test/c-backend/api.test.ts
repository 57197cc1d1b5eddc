/**
 * The public C API of a bundle, driven by a small C program: NULL and
 * misaligned arenas and NULL pointers return their error codes; the copying
 * entry point (`_run`), the zero-copy one (`_input0`/`_invoke`/`_output0`)
 * and the opt-in static arena give the same outputs, equal to the reference
 * executor's. And the bundle's CMakeLists.txt builds a working example. A
 * model with state (DTLN's LSTMs) carries it from run to run, and `_reset`
 * starts over, as the reference executor does.
 */
import test from 'ava';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFiles } from '../../compiler/bundle/folder.js';
import { ReferenceExecutor } from '../../compiler/exec/reference.js';
import { importModel } from '../../compiler/import/index.js';
import { compareFiles, compileOracleModel, oracleCaseFiles, withCompiler } from '../helpers/c-bundles.js';
import { modelBytes, oracleEntry } from '../helpers/oracle.js';
import { scratchDir } from '../helpers/scratch.js';

const ID = 'tflm-network-tester-dwconv__network_model';

/** Builds the oracle model's C bundle with a test program (strict C99 warnings as errors), runs it, returns the numbers it printed. */
async function runApiProgram(id: string, stem: string, program: string, defines: string[] = []): Promise<number[]> {
  const dir = scratchDir('ingot-api-');
  writeFiles(dir, compileOracleModel(id).bundle.files);
  writeFileSync(join(dir, 'check.c'), program);
  await withCompiler(async () => {
    execFileSync('gcc', [
      '-O2', '-std=c99', '-Wall', '-Wextra', '-Werror', '-pedantic', '-ffp-contract=off', ...defines,
      '-Iinclude', '-Iruntime', `src/${stem}.c`, `src/${stem}_weights.c`, 'check.c', '-lm', '-o', join(dir, 'check'),
    ], { cwd: dir });
  });
  return execFileSync(join(dir, 'check')).toString().trim().split('\n').map(Number);
}

const PROGRAM = `
#include <stdio.h>
#include <string.h>
#include "network_model.h"

static uint8_t arena[NETWORK_MODEL_ARENA_SIZE + 16] INGOT_ALIGNED(16);
static int8_t input[NETWORK_MODEL_INPUT0_SIZE];
static int8_t by_run[NETWORK_MODEL_OUTPUT0_SIZE], by_invoke[NETWORK_MODEL_OUTPUT0_SIZE], by_static[NETWORK_MODEL_OUTPUT0_SIZE];

#define EXPECT(cond) do { if (!(cond)) { printf("failed: %s\\n", #cond); return 1; } } while (0)

int main(void) {
  int i;
  for (i = 0; i < NETWORK_MODEL_INPUT0_SIZE; i++) input[i] = (int8_t)((i * 37 + 11) % 256 - 128);
  EXPECT(network_model_run(NULL, input, by_run) == INGOT_ERROR_NULL_ARENA);
  EXPECT(network_model_run(arena + 1, input, by_run) == INGOT_ERROR_MISALIGNED_ARENA);
  EXPECT(network_model_run(arena, NULL, by_run) == INGOT_ERROR_NULL_ARGUMENT);
  EXPECT(network_model_run(arena, input, NULL) == INGOT_ERROR_NULL_ARGUMENT);
  EXPECT(network_model_invoke(NULL) == INGOT_ERROR_NULL_ARENA);
  EXPECT(network_model_invoke(arena + 8) == INGOT_ERROR_MISALIGNED_ARENA);
  EXPECT(network_model_run(arena, input, by_run) == INGOT_OK);
  memcpy(network_model_input0(arena), input, NETWORK_MODEL_INPUT0_BYTES);
  EXPECT(network_model_invoke(arena) == INGOT_OK);
  memcpy(by_invoke, network_model_output0(arena), NETWORK_MODEL_OUTPUT0_BYTES);
  EXPECT(network_model_run(network_model_static_arena(), input, by_static) == INGOT_OK);
  EXPECT(memcmp(by_run, by_invoke, sizeof by_run) == 0);
  EXPECT(memcmp(by_run, by_static, sizeof by_run) == 0);
  for (i = 0; i < NETWORK_MODEL_OUTPUT0_SIZE; i++) printf("%d\\n", by_run[i]);
  return 0;
}
`;

test('the C API: error codes, copying, zero-copy and static-arena calls agree with the reference executor', async (t) => {
  const printed = await runApiProgram(ID, 'network_model', PROGRAM, ['-DNETWORK_MODEL_STATIC_ARENA']);

  const graph = importModel(modelBytes(oracleEntry(ID)), ID);
  const input = new Int8Array(graph.tensors[graph.inputs[0]!]!.shape.reduce((a, b) => a * b, 1)).map((_, i) => ((i * 37 + 11) % 256) - 128);
  const [expected] = new ReferenceExecutor(graph).run([{ dtype: 'i8', shape: [input.length], data: input }]);
  t.deepEqual(printed, Array.from(expected as Int8Array));
});

test('the bundle builds with its CMakeLists.txt and the example matches TFLite Micro', async (t) => {
  const result = compileOracleModel(ID);
  const dir = scratchDir('ingot-cmake-');
  writeFiles(join(dir, 'src'), result.bundle.files);
  await withCompiler(async () => {
    execFileSync('cmake', ['-S', join(dir, 'src'), '-B', join(dir, 'build'), '-DCMAKE_BUILD_TYPE=Release', '-DCMAKE_C_FLAGS=-Wall -Wextra -Werror -pedantic'], { stdio: 'pipe' });
    execFileSync('cmake', ['--build', join(dir, 'build')], { stdio: 'pipe' });
  });
  const [c] = oracleCaseFiles(ID);
  const out = join(dir, 'out.npy');
  execFileSync(join(dir, 'build', 'network_model_example'), ['-i', c!.inputs[0]!, '-o', out]);
  t.deepEqual(compareFiles([out], c!.outputs, c!.name), []);
});

const STATEFUL_ID = 'tflm-dtln__dtln_noise_suppression';

const STATEFUL_PROGRAM = `
#include <stdio.h>
#include <string.h>
#include "dtln_noise_suppression.h"

static uint8_t arena[DTLN_NOISE_SUPPRESSION_ARENA_SIZE] INGOT_ALIGNED(16);
static int8_t frame[DTLN_NOISE_SUPPRESSION_INPUT0_SIZE];
static int8_t out[3][DTLN_NOISE_SUPPRESSION_OUTPUT0_SIZE];

#define EXPECT(cond) do { if (!(cond)) { printf("failed: %s\\n", #cond); return 1; } } while (0)

int main(void) {
  int i, k;
  for (i = 0; i < DTLN_NOISE_SUPPRESSION_INPUT0_SIZE; i++) frame[i] = (int8_t)((i * 53 + 7) % 256 - 128);
  EXPECT(dtln_noise_suppression_reset(NULL) == INGOT_ERROR_NULL_ARENA);
  EXPECT(dtln_noise_suppression_reset(arena) == INGOT_OK);
  /* The same frame three times: the LSTM state carries from each call to the next. */
  for (k = 0; k < 3; k++) EXPECT(dtln_noise_suppression_run(arena, frame, out[k]) == INGOT_OK);
  for (k = 0; k < 3; k++) for (i = 0; i < DTLN_NOISE_SUPPRESSION_OUTPUT0_SIZE; i++) printf("%d\\n", out[k][i]);
  EXPECT(dtln_noise_suppression_reset(arena) == INGOT_OK);
  EXPECT(dtln_noise_suppression_run(arena, frame, out[1]) == INGOT_OK);
  EXPECT(memcmp(out[0], out[1], sizeof out[0]) == 0);
  return 0;
}
`;

test('a model with state: runs continue from the last one, reset starts over, as the reference executor', async (t) => {
  const printed = await runApiProgram(STATEFUL_ID, 'dtln_noise_suppression', STATEFUL_PROGRAM);

  const graph = importModel(modelBytes(oracleEntry(STATEFUL_ID)), STATEFUL_ID);
  const frame = new Int8Array(257).map((_, i) => ((i * 53 + 7) % 256) - 128);
  const exec = new ReferenceExecutor(graph);
  const expected = [0, 1, 2].flatMap(() => Array.from(exec.run([{ dtype: 'i8', shape: [1, 1, 257], data: frame }])[0] as Int8Array));
  t.deepEqual(printed, expected);
  // The three runs differ (the state shows), or this test would not see it carried.
  t.notDeepEqual(expected.slice(0, 257), expected.slice(257, 514));
});
