/**
 * The 127 SEANet single-layer models (int16 activations, int8 weights)
 * compiled to C bundles, all linked into one driver program built by gcc
 * -O2 with -std=c99 -Wall -Wextra -Werror -pedantic, one test per model
 * comparing every oracle case with TFLite Micro's output byte for byte; and
 * each model's arena against its lower bound and TFLite Micro's arena.
 */
import test from 'ava';
import { join } from 'node:path';
import type { CompileResult } from '../../compiler/compile.js';
import { compareFiles, compileOracleModel, GCC_O2_STRICT, oracleCaseFiles } from '../helpers/c-bundles.js';
import { buildDriver, runDriver, type Driver } from '../helpers/c-driver.js';
import { seanetModels } from '../helpers/oracle-models.js';
import { scratchDir } from '../helpers/scratch.js';

const models = seanetModels();
const compiled = new Map<string, CompileResult>(models.map((e) => [e.id, compileOracleModel(e.id)]));
let driver: Promise<Driver> | undefined;
const getDriver = (): Promise<Driver> => (driver ??= buildDriver([...compiled.values()], GCC_O2_STRICT));

test('all 127 SEANet layer models compile', (t) => {
  t.is(compiled.size, 127);
});

for (const entry of models) {
  const short = entry.id.replace('tflm-seanet-layer-tests__', 'seanet ');
  test(`C bundle (gcc -O2) matches TFLite Micro: ${short}`, async (t) => {
    const result = compiled.get(entry.id)!;
    const out = scratchDir('ingot-seanet-');
    const cases = oracleCaseFiles(entry.id).map((c) => ({ ...c, actual: c.outputs.map((_, i) => join(out, `${c.name}.out${i}.npy`)) }));
    await runDriver(await getDriver(), result.bundle.name, cases.map((c) => ({ inputs: c.inputs, outputs: c.actual })));
    t.true(cases.length > 0);
    t.deepEqual(cases.flatMap((c) => compareFiles(c.actual, c.outputs, c.name)), []);
    t.true(result.plan.arenaBytes <= result.plan.lowerBound * 1.05, `arena ${result.plan.arenaBytes} vs lower bound ${result.plan.lowerBound}`);
    t.true(result.plan.arenaBytes <= entry.arena_used_bytes, `arena ${result.plan.arenaBytes} vs TFLite Micro ${entry.arena_used_bytes}`);
  });
}
