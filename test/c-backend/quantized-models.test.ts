/**
 * Models quantized by Ingot with 4- and 2-bit weights, compiled to host C:
 * vww_96 (MobileNet), magic_wand (conv + dense) and hello_world (dense)
 * are quantized to w4 and w2 (and int8, the baseline) on deterministic
 * calibration data (test/helpers/quantized-models.ts), compiled, linked
 * into one program (gcc -O2 -Werror -pedantic) and run on 20 further inputs
 * each. Every output must equal the reference executor's bit for bit. The
 * weights' flash against int8 is logged and must shrink.
 */
import test from 'ava';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile, type CompileResult } from '../../compiler/compile.js';
import type { TensorData } from '../../compiler/ir/index.js';
import { parseNpy, serializeNpy } from '../../compiler/io/npy.js';
import type { QuantMode } from '../../compiler/quant/quantize-model.js';
import { GCC_O2_STRICT } from '../helpers/c-bundles.js';
import { buildDriver, runDriver, type Driver } from '../helpers/c-driver.js';
import { assertWeightsShrink, QUANT_MODELS, quantizedVariants, rawBytes } from '../helpers/quantized-models.js';
import { scratchDir } from '../helpers/scratch.js';

const INPUTS = 20;
const MODES: readonly QuantMode[] = ['int8', 'w4', 'w2'];

interface Variant {
  model: string;
  mode: QuantMode;
  result: CompileResult;
  runs: Array<{ inputs: string[]; outputs: string[]; expected: TensorData[] }>;
}

const dir = scratchDir('ingot-quantized-c-');
const variants: Variant[] = quantizedVariants(MODES, INPUTS).map((q): Variant => {
  const runs = q.inputs.map((sample, n) => {
    const paths = sample.map((x, i) => {
      const path = join(dir, `${q.stem}.${n}.in${i}.npy`);
      writeFileSync(path, serializeNpy(x));
      return path;
    });
    const expected = q.expected[n]!;
    return { inputs: paths, outputs: expected.map((_, i) => join(dir, `${q.stem}.${n}.out${i}.npy`)), expected };
  });
  return { model: q.model, mode: q.mode, result: compile(q.graph, { name: q.stem }), runs };
});

let driver: Promise<Driver> | undefined;
const driverOnce = (): Promise<Driver> => (driver ??= buildDriver(variants.map((v) => v.result), GCC_O2_STRICT));

for (const v of variants) {
  test(`${v.model} ${v.mode} on C equals the reference executor bit for bit on ${INPUTS} inputs`, async (t) => {
    await runDriver(await driverOnce(), v.result.bundle.name, v.runs);
    let compared = 0;
    for (const [n, run] of v.runs.entries()) {
      run.expected.forEach((want, k) => {
        const got = parseNpy(new Uint8Array(readFileSync(run.outputs[k]!)), run.outputs[k]).data;
        t.true(rawBytes(got).equals(rawBytes(want)), `input ${n} output ${k}`);
        compared++;
      });
    }
    t.is(compared, INPUTS * v.runs[0]!.expected.length);
  });
}

for (const spec of QUANT_MODELS) {
  test(`${spec.name}: 4- and 2-bit weights shrink the bundle's constant data`, (t) => {
    const bytesOf = (mode: QuantMode): number => variants.find((v) => v.model === spec.name && v.mode === mode)!.result.sizes.weightsBytes;
    assertWeightsShrink(t, 'constant data', bytesOf);
  });
}
