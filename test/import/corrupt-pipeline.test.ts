/**
 * Corrupted models through the whole compiler, not only the importer: a
 * few random bytes changed (mostly in the FlatBuffer tables at either end
 * of the file, where shapes, types, operator options and custom FlexBuffer
 * options live), then import, the pass pipeline, C and wasm compilation
 * and the reference executor's set-up. Whatever survives the importer must
 * either compile or stop with a diagnostic (IngotError) — never an
 * internal exception. Models: an int8 convolution network, the audio front
 * end (custom options, unsigned tensors), the integer LSTM and the float one.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile } from '../../compiler/compile.js';
import { compileWasm } from '../../compiler/compile-wasm.js';
import { ReferenceExecutor } from '../../compiler/exec/reference.js';
import { importModel } from '../../compiler/import/index.js';
import { IngotError } from '../../compiler/ir/index.js';
import { runPipeline } from '../../compiler/passes/pipeline.js';
import { Rng } from '../emit-wasm/single-op-graphs.js';
import { sharedDir } from '../helpers/paths.js';

const MODELS = [
  'tflm-micro-speech/micro_speech_quantized.tflite', 'tflm-micro-speech/audio_preprocessor_int8.tflite', 'tflm-mnist-lstm/trained_lstm_int8.tflite',
  'tflm-mnist-lstm/trained_lstm.tflite',
];
const CASES_PER_MODEL = 60;
/** Bytes at either end of the file where the corruption mostly lands. */
const TABLE_SPAN = 4096;

type Outcome = 'compiled' | 'diagnosed' | { internal: string };

async function outcome(bytes: Uint8Array): Promise<Outcome> {
  try {
    const graph = runPipeline(importModel(bytes, 'm'));
    compile(graph, {});
    await compileWasm(graph, {});
    new ReferenceExecutor(graph);
    return 'compiled';
  } catch (e) {
    if (e instanceof IngotError) return 'diagnosed';
    return { internal: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
}

for (const [index, rel] of MODELS.entries()) {
  test(`corrupted ${rel.split('/')[1]} compiles or stops with a diagnostic, never an internal error`, async (t) => {
    const original = new Uint8Array(readFileSync(join(sharedDir, 'models', rel)));
    const r = new Rng(0x9e3779b9 ^ (index + 1));
    const span = Math.min(TABLE_SPAN, original.length);
    const tally = { compiled: 0, diagnosed: 0 };
    for (let k = 0; k < CASES_PER_MODEL; k++) {
      const bytes = original.slice();
      const changes = r.int(1, 4);
      for (let j = 0; j < changes; j++) {
        const region = r.int(0, 2);
        const at = region === 0 ? r.int(0, span - 1) : region === 1 ? original.length - 1 - r.int(0, span - 1) : r.int(0, original.length - 1);
        bytes[at] = r.int(0, 255);
      }
      const result = await outcome(bytes);
      if (typeof result === 'object') {
        t.fail(`case ${k}: ${result.internal}`);
        return;
      }
      tally[result]++;
    }
    // Both kinds occur, so the corruption reaches past the importer and the importer does catch some.
    t.true(tally.compiled > 0, `some corruptions leave a model that compiles (${JSON.stringify(tally)})`);
    t.true(tally.diagnosed > 0, `some corruptions are diagnosed (${JSON.stringify(tally)})`);
  });
}
