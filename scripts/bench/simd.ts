/**
 * Bench section `simd`: instructions per inference of the target SIMD
 * kernels against Ingot's portable C on the same target, and on the
 * Cortex-M4 against TensorFlow Lite Micro (the oracle's
 * `tflm_cortex_m4.instructions_per_invoke`, counted the same way: QEMU
 * -icount, one invoke of the first oracle case). Every run's outputs are
 * checked against the oracle, so a figure never comes from a wrong result.
 *
 * Goals (kws_ref_model, person_detect, vww_96_int8): on the M4 at most a
 * quarter of TFLite Micro's instructions; on the M55 at least 6× fewer
 * instructions than the portable build.
 */
import { targetById } from '../../targets/index.js';
import { oracleEntry } from '../../test/helpers/oracle.js';
import { BENCH_MODELS, runModelsOnBoard, targetKernelsUsed } from '../../test/helpers/simd-models.js';
import { formatTable, thousands, type BenchSection } from './section.js';

const TARGETS = ['cortex-m4', 'cortex-m55', 'cortex-a53', 'cortex-a76'] as const;

/** Both builds were counted: a goal is never met on a missing count. */
const counted = (r: Row): boolean => r.target > 0 && r.portable > 0;

/** The goal each target is held to, as a check of one row. */
const GOALS: Partial<Record<(typeof TARGETS)[number], { text: string; met: (row: Row) => boolean }>> = {
  'cortex-m4': { text: '<= 0.25x TFLite Micro', met: (r) => counted(r) && r.tflm !== undefined && r.target <= 0.25 * r.tflm },
  'cortex-m55': { text: '>= 6x fewer than portable', met: (r) => counted(r) && r.portable >= 6 * r.target },
};

interface Row {
  target: number;
  portable: number;
  tflm: number | undefined;
}

const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}x`;

/** Runs the measurements and returns the section's text. */
export async function benchSimd(): Promise<string> {
  const lines: string[] = [];
  const table: string[][] = [];
  const verdicts: string[] = [];
  for (const id of TARGETS) {
    const target = targetById(id);
    const board = target.countingBoard ?? target.board;
    if (board === undefined || !board.countsInstructions) continue;
    const simd = await runModelsOnBoard(target, board, BENCH_MODELS, 'target', () => [0]);
    const portable = await runModelsOnBoard(target, board, BENCH_MODELS, 'portable', () => [0]);
    const problems = [...simd.problems, ...portable.problems];
    if (problems.length > 0) throw new Error(`${id}: outputs differ from TFLite Micro: ${problems.join('; ')}`);
    BENCH_MODELS.forEach((model, m) => {
      const row: Row = {
        target: simd.counts[m]![0]!,
        portable: portable.counts[m]![0]!,
        tflm: id === 'cortex-m4' ? oracleEntry(model).tflm_cortex_m4?.instructions_per_invoke : undefined,
      };
      const goal = GOALS[id];
      const met = goal?.met(row);
      table.push([
        id, model.split('__')[1] ?? model, thousands(row.target), thousands(row.portable), ratio(row.portable, row.target),
        row.tflm === undefined ? '' : thousands(row.tflm), row.tflm === undefined ? '' : ratio(row.target, row.tflm),
        met === undefined ? '' : met ? 'met' : 'NOT met',
      ]);
      if (goal) verdicts.push(`${id} ${model.split('__')[1]}: goal ${goal.text}: ${met ? 'met' : 'NOT met'}`);
    });
    lines.push(`${id}: target kernels ${targetKernelsUsed(simd.results).join(', ')}`);
  }
  return [
    'Instructions per inference (QEMU -icount, first oracle case; outputs checked against TFLite Micro)',
    '',
    ...formatTable(['target', 'model', 'SIMD kernels', 'portable', 'portable/SIMD', 'TFLM (M4)', 'SIMD/TFLM', 'goal'], table),
    '',
    ...lines,
    ...verdicts,
  ].join('\n');
}

export const simd: BenchSection = {
  id: 'simd',
  title: 'Target SIMD kernels vs portable C and TFLite Micro (instructions per inference)',
  async run(out) {
    for (const line of (await benchSimd()).split('\n')) out(line);
  },
};
