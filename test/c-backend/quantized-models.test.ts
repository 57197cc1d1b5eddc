/**
 * Models quantized by Ingot with 4- and 2-bit weights, compiled to host C:
 * vww_96 (MobileNet), magic_wand (conv + dense) and hello_world (dense)
 * are quantized to w4 and w2 (and int8, the baseline) on deterministic
 * calibration data (test/helpers/quant-data.ts), compiled, linked into one
 * program (gcc -O2 -Werror -pedantic) and run on 20 further inputs each.
 * Every output must equal the reference executor's bit for bit. The
 * weights' flash against int8 is logged and must shrink.
 */
import test from 'ava';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile, type CompileResult } from '../../compiler/compile.js';
import { ReferenceExecutor } from '../../compiler/exec/reference.js';
import { importModel } from '../../compiler/import/index.js';
import type { TensorData } from '../../compiler/ir/index.js';
import { parseNpy, serializeNpy } from '../../compiler/io/npy.js';
import type { Sample } from '../../compiler/quant/calibrate.js';
import { quantizeModel, type QuantMode } from '../../compiler/quant/quantize-model.js';
import { GCC_O2_STRICT } from '../helpers/c-bundles.js';
import { buildDriver, runDriver, type Driver } from '../helpers/c-driver.js';
import { sharedDir } from '../helpers/paths.js';
import { magicWandSamples, sineInputs, vwwImages } from '../helpers/quant-data.js';
import { scratchDir } from '../helpers/scratch.js';

const INPUTS = 20;
const MODES: readonly QuantMode[] = ['int8', 'w4', 'w2'];

interface ModelSpec {
  name: string;
  file: string;
  calibration: () => Sample[];
  /** Evaluation inputs, disjoint from the calibration set. */
  inputs: () => Sample[];
}

const MODELS: ModelSpec[] = [
  { name: 'vww_96', file: 'mlperf-tiny-vww-mobilenet/vww_96_float.tflite', calibration: () => vwwImages(16, 1), inputs: () => vwwImages(INPUTS, 2) },
  { name: 'magic_wand', file: 'tflm-magic-wand/magic_wand.tflite', calibration: () => magicWandSamples(32, 1), inputs: () => magicWandSamples(INPUTS, 2) },
  { name: 'hello_world', file: 'tflm-hello-world/hello_world_float.tflite', calibration: () => sineInputs(200, 0.5), inputs: () => sineInputs(INPUTS, 0.25) },
];

interface Variant {
  model: string;
  mode: QuantMode;
  result: CompileResult;
  runs: Array<{ inputs: string[]; outputs: string[]; expected: TensorData[] }>;
}

const dir = scratchDir('ingot-quantized-c-');
const variants: Variant[] = MODELS.flatMap((spec) => {
  const float = importModel(new Uint8Array(readFileSync(join(sharedDir, 'models', spec.file))), spec.name);
  const calibration = spec.calibration();
  const inputs = spec.inputs();
  return MODES.map((mode): Variant => {
    const { graph } = quantizeModel(float, calibration, { mode, evalSamples: [] });
    const stem = `${spec.name}_${mode}`;
    const exec = new ReferenceExecutor(graph);
    const runs = inputs.map((sample, n) => {
      exec.reset();
      const expected = exec.run(sample);
      const paths = sample.map((x, i) => {
        const path = join(dir, `${stem}.${n}.in${i}.npy`);
        writeFileSync(path, serializeNpy(x));
        return path;
      });
      return { inputs: paths, outputs: expected.map((_, i) => join(dir, `${stem}.${n}.out${i}.npy`)), expected };
    });
    return { model: spec.name, mode, result: compile(graph, { name: stem }), runs };
  });
});

let driver: Promise<Driver> | undefined;
const driverOnce = (): Promise<Driver> => (driver ??= buildDriver(variants.map((v) => v.result), GCC_O2_STRICT));

/** The bytes of a typed array, for bit-for-bit comparison. */
const bytes = (d: TensorData): Buffer => Buffer.from(d.buffer, d.byteOffset, d.byteLength);

for (const v of variants) {
  test(`${v.model} ${v.mode} on C equals the reference executor bit for bit on ${INPUTS} inputs`, async (t) => {
    await runDriver(await driverOnce(), v.result.bundle.name, v.runs);
    let compared = 0;
    for (const [n, run] of v.runs.entries()) {
      run.expected.forEach((want, k) => {
        const got = parseNpy(new Uint8Array(readFileSync(run.outputs[k]!)), run.outputs[k]).data;
        t.true(bytes(got).equals(bytes(want)), `input ${n} output ${k}`);
        compared++;
      });
    }
    t.is(compared, INPUTS * v.runs[0]!.expected.length);
  });
}

for (const spec of MODELS) {
  test(`${spec.name}: 4- and 2-bit weights shrink the bundle's constant data`, (t) => {
    const bytesOf = (mode: QuantMode): number => variants.find((v) => v.model === spec.name && v.mode === mode)!.result.sizes.weightsBytes;
    const [int8, w4, w2] = MODES.map(bytesOf) as [number, number, number];
    const saved = (b: number): string => `${b} B (${((100 * (int8 - b)) / int8).toFixed(1)} % less)`;
    t.log(`constant data: int8 ${int8} B, w4 ${saved(w4)}, w2 ${saved(w2)}`);
    t.true(w4 < int8);
    t.true(w2 < w4);
  });
}
