/**
 * Runs the reference executor on oracle models and prints which match.
 * Usage: node dist/scripts/dev/oracle-check.js [id-substring…]
 */
import { performance } from 'node:perf_hooks';
import { ReferenceExecutor } from '../../compiler/exec/reference.js';
import { importModel } from '../../compiler/import/index.js';
import { IngotError, formatDiagnostic } from '../../compiler/ir/index.js';
import { compareOutput } from '../../test/helpers/compare.js';
import { modelBytes, oracleCases, oracleIndex } from '../../test/helpers/oracle.js';

const filters = process.argv.slice(2);
for (const entry of oracleIndex()) {
  if (filters.length && !filters.some((f) => entry.id.includes(f))) continue;
  const t0 = performance.now();
  try {
    const graph = importModel(modelBytes(entry), entry.id);
    const exec = new ReferenceExecutor(graph);
    const failures: string[] = [];
    for (const c of oracleCases(entry.id)) {
      exec.reset();
      const outs = exec.run(c.inputs);
      outs.forEach((o, i) => {
        const d = compareOutput(o, c.outputs[i]!.data);
        if (d) failures.push(`${c.name}.out${i}: ${d}`);
      });
    }
    const ms = (performance.now() - t0).toFixed(0);
    console.log(`${failures.length ? 'FAIL' : 'ok  '} ${entry.id} (${ms} ms)${failures.length ? '\n     ' + failures.slice(0, 3).join('\n     ') : ''}`);
  } catch (e) {
    console.log(`ERR  ${entry.id}: ${e instanceof IngotError ? formatDiagnostic(e.diagnostic) : (e as Error).stack}`);
  }
}
