/**
 * Oracle models on device targets, for the target-kernel tests and the
 * SIMD bench: the int8 whole models that fit the Cortex-M boards, compiled
 * with target or portable kernels, all of them in one device program, run
 * on chosen oracle cases; outputs compared byte for byte with TFLite
 * Micro's, instruction counts returned where the board counts them.
 */
import { compile, type CompileResult } from '../../compiler/compile.js';
import { importModel } from '../../compiler/import/index.js';
import type { KernelSelection } from '../../compiler/emit-c/kernels/select.js';
import type { Target, TestBoard } from '../../targets/index.js';
import { buildBoardDriver, runBoardDriver } from './board-driver.js';
import { modelBytes, oracleCases, oracleEntry } from './oracle.js';

/** The int8 whole oracle models (float models and int16 layers never take a target kernel). */
export const INT8_MODELS = [
  'tflm-hello-world__hello_world_int8',
  'tflm-micro-speech__micro_speech_quantized',
  'tflm-person-detection__person_detect',
  'mlperf-tiny-kws-dscnn__kws_ref_model',
  'mlperf-tiny-vww-mobilenet__vww_96_int8',
  'mlperf-tiny-sww__str_ww_ref_model',
  'tflm-network-tester-dwconv__network_model',
  'tflm-simple-add__simple_add_model',
  'tflm-test-conv-model__test_conv_model',
] as const;

/** Too large for the Cortex-M boards' memories (4 MB of weights); runs on the AArch64 targets. */
export const LARGE_INT8_MODELS = ['tflm-mobilenet-v2-pytorch__mobilenet_v2_quantized_1x3x224x224'] as const;

/** The models the speed goals are set for. */
export const BENCH_MODELS = [
  'mlperf-tiny-kws-dscnn__kws_ref_model',
  'tflm-person-detection__person_detect',
  'mlperf-tiny-vww-mobilenet__vww_96_int8',
] as const;

function bytesOf(a: { data: ArrayBufferView }): Uint8Array {
  return new Uint8Array(a.data.buffer, a.data.byteOffset, a.data.byteLength);
}

/** An oracle model compiled for a target with the given kernel selection. */
export function compileFor(id: string, target: Target, kernels: KernelSelection): CompileResult {
  const name = id.split('__')[1] ?? id;
  return compile(importModel(modelBytes(oracleEntry(id)), name), { target, kernels, name });
}

export interface ModelsRun {
  results: CompileResult[];
  /** Mismatches with the oracle, as messages (empty when all cases match). */
  problems: string[];
  /** counts[m][k]: instructions of case k of model m (0 where the board does not count). */
  counts: number[][];
  cases: number;
}

/**
 * Runs oracle cases `caseIndexes(id)` of every model in one program on
 * `board` and compares the outputs with TFLite Micro's.
 */
export async function runModelsOnBoard(target: Target, board: TestBoard, ids: readonly string[], kernels: KernelSelection, caseIndexes: (id: string) => number[]): Promise<ModelsRun> {
  const results = ids.map((id) => compileFor(id, target, kernels));
  const chosen = ids.map((id) => {
    const all = oracleCases(id);
    return caseIndexes(id).filter((k) => k < all.length).map((k) => all[k]!);
  });
  const elf = await buildBoardDriver({ target, board, bundles: results });
  const run = await runBoardDriver(board, elf, chosen.map((list) => list.map((c) => ({ inputs: c.inputs.map(bytesOf), outputs: c.outputs.length }))));
  const problems: string[] = [];
  chosen.forEach((list, m) =>
    list.forEach((c, k) =>
      c.outputs.forEach((want, i) => {
        const got = run.outputs[m]![k]![i]!;
        if (Buffer.compare(Buffer.from(bytesOf(want)), Buffer.from(got)) !== 0) problems.push(`${ids[m]} case ${c.name} output ${i} differs from TFLite Micro`);
      }),
    ),
  );
  return { results, problems, counts: run.counts, cases: chosen.reduce((n, l) => n + l.length, 0) };
}

/** The ids of target kernels a compiled bundle uses (`conv2d/dsp`, …), sorted. */
export function targetKernelsUsed(results: readonly CompileResult[]): string[] {
  return [...new Set(results.flatMap((r) => r.manifest.layers.map((l) => l.kernel)).filter((k) => !k.endsWith('/portable')))].sort();
}
