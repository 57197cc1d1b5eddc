/**
 * The float models Ingot quantizes itself in the backend tests — vww_96
 * (MobileNet), magic_wand (conv + dense) and hello_world (dense) — with
 * their deterministic calibration and evaluation inputs
 * (test/helpers/quant-data.ts), quantized to each weight mode, with the
 * reference executor's outputs for every evaluation input: the expected
 * values the C, wasm and device tests compare against bit for bit — and
 * the check that packed weights shrink the flash. Each float model is
 * imported and calibrated once per test process.
 */
import type { ExecutionContext } from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ReferenceExecutor } from '../../compiler/exec/reference.js';
import { importModel } from '../../compiler/import/index.js';
import type { Graph, TensorData } from '../../compiler/ir/index.js';
import type { Sample } from '../../compiler/quant/calibrate.js';
import { quantizeModel, type QuantMode } from '../../compiler/quant/quantize-model.js';
import { sharedDir } from './paths.js';
import { magicWandSamples, sineInputs, vwwImages } from './quant-data.js';

export interface QuantModelSpec {
  name: string;
  /** The float .tflite under the shared models folder. */
  file: string;
  calibration: () => Sample[];
  /** `count` evaluation inputs, disjoint from the calibration set. */
  inputs: (count: number) => Sample[];
}

/** The float models of the sub-byte quantization tests. */
export const QUANT_MODELS: readonly QuantModelSpec[] = [
  { name: 'vww_96', file: 'mlperf-tiny-vww-mobilenet/vww_96_float.tflite', calibration: () => vwwImages(16, 1), inputs: (n) => vwwImages(n, 2) },
  { name: 'magic_wand', file: 'tflm-magic-wand/magic_wand.tflite', calibration: () => magicWandSamples(32, 1), inputs: (n) => magicWandSamples(n, 2) },
  { name: 'hello_world', file: 'tflm-hello-world/hello_world_float.tflite', calibration: () => sineInputs(200, 0.5), inputs: (n) => sineInputs(n, 0.25) },
];

/** One model quantized to one mode, with its evaluation inputs and the reference outputs for each. */
export interface QuantizedVariant {
  model: string;
  mode: QuantMode;
  /** `<model>_<mode>`: a bundle name. */
  stem: string;
  graph: Graph;
  inputs: Sample[];
  /** `expected[n][k]`: output k of the reference executor on input n. */
  expected: TensorData[][];
}

/** Every model of `models` quantized to every mode of `modes`, each evaluated on `inputCount` inputs. */
export function quantizedVariants(modes: readonly QuantMode[], inputCount: number, models: readonly QuantModelSpec[] = QUANT_MODELS): QuantizedVariant[] {
  return models.flatMap((spec) => {
    const float = importModel(new Uint8Array(readFileSync(join(sharedDir, 'models', spec.file))), spec.name);
    const calibration = spec.calibration();
    const inputs = spec.inputs(inputCount);
    return modes.map((mode): QuantizedVariant => {
      const { graph } = quantizeModel(float, calibration, { mode, evalSamples: [] });
      const exec = new ReferenceExecutor(graph);
      const expected = inputs.map((sample) => {
        // Stateless models, but a fresh state per input keeps the runs independent whatever the model.
        exec.reset();
        return exec.run(sample);
      });
      return { model: spec.name, mode, stem: `${spec.name}_${mode}`, graph, inputs, expected };
    });
  });
}

/** The weight modes whose flash the tests compare, widest first. */
const WEIGHT_MODES = ['int8', 'w4', 'w2'] as const;

/**
 * Logs a model's weights bytes at int8, w4 and w2 (each against int8) and
 * checks that every narrower mode needs fewer: the weights stay packed.
 */
export function assertWeightsShrink(t: ExecutionContext, label: string, bytesOf: (mode: QuantMode) => number): void {
  const [int8, w4, w2] = WEIGHT_MODES.map(bytesOf) as [number, number, number];
  const saved = (b: number): string => `${b} B (${((100 * (int8 - b)) / int8).toFixed(1)} % less)`;
  t.log(`${label}: int8 ${int8} B, w4 ${saved(w4)}, w2 ${saved(w2)}`);
  t.true(w4 < int8);
  t.true(w2 < w4);
}

/** The bytes of a typed array, for bit-for-bit comparison (NaN payloads and -0 included). */
export function rawBytes(d: TensorData): Buffer {
  return Buffer.from(d.buffer, d.byteOffset, d.byteLength);
}
