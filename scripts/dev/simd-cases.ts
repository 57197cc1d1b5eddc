/**
 * Runs random target-kernel cases (test/helpers/simd-cases.ts) on a device
 * target and lists the ones whose outputs differ from the reference, for
 * debugging kernels:
 *
 *   node dist/scripts/dev/simd-cases.js TARGET [SEED] [COUNT] [i8|i4|i2]
 */
import { compile } from '../../compiler/compile.js';
import { targetById } from '../../targets/index.js';
import { buildBoardDriver, runBoardDriver } from '../../test/helpers/board-driver.js';
import { kernelCases, type CaseWeights } from '../../test/helpers/simd-cases.js';

async function main(argv: string[]): Promise<number> {
  const target = targetById(argv[0] ?? 'cortex-m4');
  const seed = Number(argv[1] ?? 1);
  const n = Number(argv[2] ?? 10);
  const wt = (argv[3] ?? 'i8') as CaseWeights;
  const cases = kernelCases(seed, { conv: n, depthwise: n, dense: n }, wt);
  const results = cases.map((c) => compile(c.graph, { target, name: c.name }));
  const board = target.board!;
  const elf = await buildBoardDriver({ target, board, bundles: results });
  const run = await runBoardDriver(board, elf, cases.map((c) => c.runs.map((r) => ({ inputs: r.inputs, outputs: r.outputs.length }))));
  let bad = 0;
  cases.forEach((c, m) => {
    c.runs.forEach((r, k) => {
      const got = run.outputs[m]![k]![0]!;
      const want = r.outputs[0]!;
      const diff = want.findIndex((v, i) => v !== got[i]);
      if (diff >= 0 || got.length !== want.length) {
        bad++;
        const op = c.graph.ops[0]!;
        const t = c.graph.tensors;
        process.stdout.write(`${c.name} run ${k} [${results[m]!.manifest.layers[0]!.kernel}] in ${JSON.stringify(t[op.inputs[0]!]!.shape)} w ${JSON.stringify(t[op.inputs[1]!]!.shape)} out ${JSON.stringify(t[op.outputs[0]!]!.shape)} ${JSON.stringify(op.attrs)}: first diff at ${diff} got ${(got[diff]! << 24) >> 24} want ${(want[diff]! << 24) >> 24}\n`);
      }
    });
  });
  const used = new Map<string, number>();
  for (const r of results) for (const l of r.manifest.layers) used.set(l.kernel, (used.get(l.kernel) ?? 0) + 1);
  process.stdout.write(`kernels: ${[...used].map(([k, n]) => `${k} ${n}`).join(', ')}\n`);
  process.stdout.write(`${bad} of ${cases.length * 2} runs differ\n`);
  return bad === 0 ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
