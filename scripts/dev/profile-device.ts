/**
 * Per-layer instruction profile of oracle models on a device target's
 * counting board, for kernel work: which layers dominate, with which
 * kernel, at how many instructions per multiply-accumulate.
 *
 *   node dist/scripts/dev/profile-device.js TARGET [--portable] [--cases N] MODEL_ID…
 *
 * MODEL_ID is an oracle id or a unique part of one (e.g. `person_detect`).
 */
import { compile } from '../../compiler/compile.js';
import { importModel } from '../../compiler/import/index.js';
import { OPS } from '../../compiler/ops/registry.js';
import { targetById } from '../../targets/index.js';
import { buildBoardDriver, runBoardDriver } from '../../test/helpers/board-driver.js';
import { modelBytes, oracleCases, oracleEntry, oracleIndex } from '../../test/helpers/oracle.js';
import { formatTable, thousands } from '../bench/section.js';

function bytesOf(a: { data: ArrayBufferView }): Uint8Array {
  return new Uint8Array(a.data.buffer, a.data.byteOffset, a.data.byteLength);
}

async function main(argv: string[]): Promise<number> {
  const portable = argv.includes('--portable');
  const casesAt = argv.indexOf('--cases');
  const caseCount = casesAt >= 0 ? Number(argv[casesAt + 1]) : 1;
  const rest = argv.filter((a, i) => !a.startsWith('--') && (casesAt < 0 || i !== casesAt + 1));
  const target = targetById(rest[0] ?? 'cortex-m4');
  const board = target.countingBoard ?? target.board!;
  const ids = rest.slice(1).map((q) => oracleIndex().find((e) => e.id === q || e.id.includes(q))?.id ?? q);
  for (const id of ids) {
    const graph = importModel(modelBytes(oracleEntry(id)), id.split('__')[1] ?? id);
    const result = compile(graph, { target, kernels: portable ? 'portable' : 'target' });
    const cases = oracleCases(id).slice(0, caseCount).map((c) => ({ inputs: c.inputs.map(bytesOf), outputs: c.outputs.length }));
    const total = await runBoardDriver(board, await buildBoardDriver({ target, board, bundles: [result] }), [cases]);
    const prof = await runBoardDriver(board, await buildBoardDriver({ target, board, bundles: [result], profile: true }), [cases.slice(0, 1)]);
    const mismatches = oracleCases(id).slice(0, caseCount).filter((c, k) => c.outputs.some((o, i) => Buffer.compare(Buffer.from(bytesOf(o)), Buffer.from(total.outputs[0]![k]![i]!)) !== 0));
    const rows = result.manifest.layers.map((l) => {
      const op = graph.ops[l.op]!;
      const macs = OPS[op.kind].cost(op as never, graph).macs;
      const n = prof.layers[0]![0]![l.layer] ?? 0;
      return [String(l.layer), l.kernel, op.name.slice(-40), thousands(macs), thousands(n), macs > 0 ? (n / macs).toFixed(2) : ''];
    });
    process.stdout.write(`\n${id} on ${target.id} (${portable ? 'portable' : 'target'} kernels): ${thousands(total.counts[0]![0]!)} instructions per invoke; ${mismatches.length} of ${cases.length} cases differ from the oracle\n`);
    for (const line of formatTable(['layer', 'kernel', 'op', 'MACs', 'instr', 'instr/MAC'], rows)) process.stdout.write(line + '\n');
  }
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
