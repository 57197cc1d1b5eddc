/**
 * Models quantized by Ingot with 4- and 2-bit weights (and int8, the
 * baseline) on device targets: vww_96, magic_wand and hello_world, each
 * quantized once (test/helpers/quantized-models.ts, the same quantization
 * as the host C test), compiled for Cortex-M4 (QEMU mps2-an386) and
 * AArch64 Cortex-A53/A76 (qemu-user), built with the bundle's own Makefile
 * and the target's cross compiler, and run with all evaluation inputs
 * batched into one emulator run per bundle. Every output must equal the
 * reference executor's bit for bit — the packed-weight kernels must not
 * depend on the host's alignment, int sizes or shifts.
 *
 * Devices run 8 inputs per model instead of the host test's 20: vww_96
 * costs tens of millions of emulated instructions per inference, and
 * 8 inputs already give distinct outputs. The weights' flash of each mode
 * on Cortex-M4 is logged.
 */
import test from 'ava';
import { compile, type CompileResult } from '../../compiler/compile.js';
import { fitsBoard } from '../../compiler/device/example-run.js';
import type { QuantMode } from '../../compiler/quant/quantize-model.js';
import { targetById, type Target } from '../../targets/index.js';
import { runCasesOnDevice } from '../helpers/device-bundles.js';
import { assertWeightsShrink, QUANT_MODELS, quantizedVariants, rawBytes, type QuantizedVariant } from '../helpers/quantized-models.js';

const INPUTS = 8;
const MODES: readonly QuantMode[] = ['int8', 'w4', 'w2'];
const TARGETS = ['cortex-m4', 'cortex-a53', 'cortex-a76'].map(targetById);

interface DeviceVariant {
  q: QuantizedVariant;
  target: Target;
  result: CompileResult;
}

/** Why a bundle needs --allow-oversize for the target's typical part (the same limits the compiler checks), or '' when it fits. */
function oversize(result: CompileResult, target: Target): string {
  const s = result.sizes;
  const over = [
    s.flashBytesEstimate > target.flashBytes ? `flash ~${s.flashBytesEstimate} B > ${target.flashBytes} B` : '',
    s.ramBytesEstimate > target.ramBytes ? `RAM ~${s.ramBytesEstimate} B > ${target.ramBytes} B` : '',
  ].filter((x) => x !== '');
  return over.length === 0 ? '' : `over a typical ${target.id} part (${over.join(', ')}), run with --allow-oversize on the larger board`;
}

const quantized = quantizedVariants(MODES, INPUTS);
const variants: DeviceVariant[] = TARGETS.flatMap((target) =>
  // Test boards are larger than the typical part; oversize bundles are named in their test's title.
  quantized.map((q) => ({ q, target, result: compile(q.graph, { target, name: q.stem, allowOversize: true }) })),
);

for (const { q, target, result } of variants) {
  const board = target.board!;
  const why = oversize(result, target);
  test(`${target.id}: ${q.stem} under QEMU equals the reference executor bit for bit on ${INPUTS} inputs${why ? ` (${why})` : ''}`, async (t) => {
    t.true(fitsBoard(result.sizes, board), `the bundle fits ${board.description}`);
    const run = await runCasesOnDevice(result, target, q.inputs.map((sample) => sample.map((x) => x.data)));
    t.deepEqual(run.problems, []);
    t.is(run.report.inferences, INPUTS);
    const mismatches: string[] = [];
    q.expected.forEach((want, n) =>
      want.forEach((w, k) => {
        if (!rawBytes(run.outputs[n]![k]!).equals(rawBytes(w))) mismatches.push(`input ${n} output ${k}`);
      }),
    );
    t.deepEqual(mismatches, []);
    const distinct = new Set(q.expected.map((outs) => rawBytes(outs[0]!).toString('hex')));
    t.true(distinct.size > 1, 'the inputs give different outputs');
    if (board.countsInstructions) t.log(`${run.report.instructions} instructions per inference`);
  });
}

for (const spec of QUANT_MODELS) {
  test(`cortex-m4: ${spec.name} with 4- and 2-bit weights needs less flash for weights than int8`, (t) => {
    const bytesOf = (mode: QuantMode): number => variants.find((v) => v.target.id === 'cortex-m4' && v.q.model === spec.name && v.q.mode === mode)!.result.sizes.weightsBytes;
    assertWeightsShrink(t, 'weights flash', bytesOf);
  });
}
