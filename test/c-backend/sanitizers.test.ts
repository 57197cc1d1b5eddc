/**
 * Every oracle model's C bundle (13 whole models, 127 SEANet layers) built
 * twice more — clang -O2 and gcc with AddressSanitizer and
 * UndefinedBehaviorSanitizer (aborting on the first report), both with
 * -std=c99 -Wall -Wextra -Werror -pedantic — and run on every oracle case.
 * Outputs must still match TFLite Micro's. The bundles are linked into one
 * driver program per compiler, so this costs two builds, not 280.
 */
import test from 'ava';
import { join } from 'node:path';
import type { CompileResult } from '../../compiler/compile.js';
import { CLANG_O2_STRICT, compareFiles, compileOracleModel, GCC_SANITIZE, oracleCaseFiles, type BuildVariant } from '../helpers/c-bundles.js';
import { buildDriver, runDriver, type Driver } from '../helpers/c-driver.js';
import { seanetModels, WHOLE_MODELS } from '../helpers/oracle-models.js';
import { scratchDir } from '../helpers/scratch.js';

const ids = [...WHOLE_MODELS, ...seanetModels().map((e) => e.id)];
const compiled = new Map<string, CompileResult>(ids.map((id) => [id, compileOracleModel(id)]));
const drivers = new Map<string, Promise<Driver>>();
/** Builds one driver at a time (each build runs make -j2). */
let queue: Promise<unknown> = Promise.resolve();
function driverFor(variant: BuildVariant): Promise<Driver> {
  let d = drivers.get(variant.id);
  if (d === undefined) {
    d = queue.then(() => buildDriver([...compiled.values()], variant));
    queue = d.catch(() => undefined);
    drivers.set(variant.id, d);
  }
  return d;
}

for (const variant of [GCC_SANITIZE, CLANG_O2_STRICT]) {
  for (const id of ids) {
    test(`${variant.id}: clean build and run, outputs match TFLite Micro: ${id.replace('tflm-seanet-layer-tests__', 'seanet ')}`, async (t) => {
      const result = compiled.get(id)!;
      const out = scratchDir('ingot-strict-');
      const cases = oracleCaseFiles(id).map((c) => ({ ...c, actual: c.outputs.map((_, i) => join(out, `${c.name}.out${i}.npy`)) }));
      await runDriver(await driverFor(variant), result.bundle.name, cases.map((c) => ({ inputs: c.inputs, outputs: c.actual, frames: c.frames })));
      t.deepEqual(cases.flatMap((c) => compareFiles(c.actual, c.outputs, c.name)), []);
    });
  }
}
