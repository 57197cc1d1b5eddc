/**
 * Every whole oracle model compiled to a C bundle, built with its own
 * Makefile by gcc -O2 with -std=c99 -Wall -Wextra -Werror -pedantic, and run
 * on every oracle case: integer outputs equal TFLite Micro's byte for byte,
 * float outputs within 1e-5 relative + 1e-6 absolute. The same test checks
 * the arena against the plan's lower bound and TFLite Micro's own arena.
 */
import test from 'ava';
import { buildBundle, compileOracleModel, GCC_O2_STRICT, runOracleCases } from '../helpers/c-bundles.js';
import { oracleEntry } from '../helpers/oracle.js';
import { WHOLE_MODELS } from '../helpers/oracle-models.js';

for (const id of WHOLE_MODELS) {
  test(`C bundle (gcc -O2) matches TFLite Micro: ${id}`, async (t) => {
    const result = compileOracleModel(id);
    const build = await buildBundle(result, GCC_O2_STRICT);
    const { cases, problems } = await runOracleCases(build, id);
    t.true(cases > 0);
    t.deepEqual(problems, []);
  });

  test(`arena within 5% of the lower bound and no larger than TFLite Micro's: ${id}`, (t) => {
    const { plan } = compileOracleModel(id);
    const entry = oracleEntry(id);
    const tflm = entry.tflm_cortex_m4?.arena_used_bytes ?? entry.arena_used_bytes;
    t.true(plan.arenaBytes <= plan.lowerBound * 1.05, `arena ${plan.arenaBytes} vs lower bound ${plan.lowerBound}`);
    t.true(plan.arenaBytes <= tflm, `arena ${plan.arenaBytes} vs TFLite Micro ${tflm}`);
  });
}
