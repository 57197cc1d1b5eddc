/**
 * Per-layer latency profile of oracle models as WebAssembly in Node, for
 * kernel work: `ingot bench MODEL --target wasm` (report/wasm-bench.ts) on
 * an oracle model with the real activations of its first case, by oracle id.
 * Each layer is its step run alone, beside its MACs and MACs per ns.
 *
 *   node dist/scripts/dev/profile-wasm.js [--plain] MODEL_ID…
 *
 * MODEL_ID is an oracle id or a unique part of one (e.g. `person_detect`).
 */
import { importModel } from '../../compiler/import/index.js';
import { formatWasmBench } from '../../compiler/report/format-wasm-bench.js';
import { benchWasmGraph } from '../../compiler/report/wasm-bench.js';
import { modelBytes, oracleCases, oracleEntry, oracleIndex } from '../../test/helpers/oracle.js';

async function main(argv: string[]): Promise<number> {
  const simd = !argv.includes('--plain');
  const ids = argv.filter((a) => !a.startsWith('--')).map((q) => oracleIndex().find((e) => e.id === q || e.id.includes(q))?.id ?? q);
  for (const id of ids) {
    const graph = importModel(modelBytes(oracleEntry(id)), id.split('__')[1] ?? id);
    const result = await benchWasmGraph(graph, { simd, runtime: `Node ${process.versions.node}`, inputs: oracleCases(id)[0]!.inputs });
    process.stdout.write(`\n${id}\n${formatWasmBench(result)}\n`);
  }
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
