/**
 * The target kernels on every SIMD target's test board (Cortex-M4, M7, M33
 * with DSP, M55 with Helium, AArch64 A53 with NEON under qemu-user's
 * cortex-a53, which traps SDOT, and A76 with SDOT). One file, so that the
 * whole set shares one limit of two emulators at a time.
 *
 * Oracle models: every int8 oracle model that fits the board, all in one
 * program per target, oracle cases compared with TFLite Micro byte for
 * byte; each target must use its kernel family for the layers that
 * dominate these models.
 *
 * Random configurations: seeded single-op int8 graphs (convolutions,
 * depthwise convolutions, fully connected layers with odd channel counts,
 * strides, padding, dilation, depth multipliers, per-channel multipliers
 * including left shifts, zero points across the int8 range, batches), all
 * cases in one program per target, every output byte equal to the
 * reference executor's; on the M4 also with packed int4 and int2 weights.
 */
import test from 'ava';
import { compile } from '../../compiler/compile.js';
import { targetById } from '../../targets/index.js';
import { buildBoardDriver, runBoardDriver } from '../helpers/board-driver.js';
import { kernelCases } from '../helpers/simd-cases.js';
import { INT8_MODELS, LARGE_INT8_MODELS, runModelsOnBoard, targetKernelsUsed } from '../helpers/simd-models.js';

/** Per target: the kernels it must use on these models. */
const EXPECTED: Array<[string, string[]]> = [
  ['cortex-m4', ['conv2d/dsp', 'depthwise_conv2d/dsp', 'fully_connected/dsp']],
  ['cortex-m7', ['conv2d/dsp', 'depthwise_conv2d/dsp', 'fully_connected/dsp']],
  ['cortex-m33', ['conv2d/dsp', 'depthwise_conv2d/dsp', 'fully_connected/dsp']],
  ['cortex-m55', ['conv2d/mve', 'depthwise_conv2d/mve']],
  ['cortex-a53', ['conv2d/neon', 'depthwise_conv2d/neon', 'fully_connected/neon']],
  ['cortex-a76', ['conv2d/neon-sdot', 'depthwise_conv2d/neon', 'fully_connected/neon-sdot']],
];

/** The AArch64 targets also run the model too large for the Cortex-M boards. */
const models = (targetId: string): readonly string[] => (targetId.startsWith('cortex-a') ? [...INT8_MODELS, ...LARGE_INT8_MODELS] : INT8_MODELS);

/**
 * All cases, except where the code is already covered: the M7 and M33 run
 * the M4's code (three cases per model), and MobileNetV2 at 224×224 is
 * slow under emulation (one case).
 */
const caseIndexes = (targetId: string) => (modelId: string): number[] => {
  if (modelId.includes('mobilenet_v2')) return [0];
  return targetId === 'cortex-m7' || targetId === 'cortex-m33' ? [0, 1, 2] : Array.from({ length: 100 }, (_, k) => k);
};

for (const [id, kernels] of EXPECTED) {
  test(`${id}: target kernels match TFLite Micro on every int8 oracle model`, async (t) => {
    const target = targetById(id);
    const run = await runModelsOnBoard(target, target.board!, models(id), 'target', caseIndexes(id));
    t.true(run.cases >= INT8_MODELS.length * 3, `${run.cases} cases`);
    for (const k of kernels) t.true(targetKernelsUsed(run.results).includes(k), `${k} not used`);
    t.deepEqual(run.problems, []);
    // Several models share one program: each case's own count must reach the console, not only the first's.
    if (target.board!.countsInstructions) t.true(run.counts.flat().every((n) => n > 0), `counts ${JSON.stringify(run.counts)}`);
  });
}

/** Per target: the seed of its random cases and the kernels they must use. */
const RANDOM: Array<[string, number, string[]]> = [
  ['cortex-m4', 11, ['conv2d/dsp', 'depthwise_conv2d/dsp', 'fully_connected/dsp']],
  ['cortex-m55', 12, ['conv2d/mve', 'depthwise_conv2d/mve']],
  ['cortex-a53', 13, ['conv2d/neon', 'depthwise_conv2d/neon', 'fully_connected/neon']],
  ['cortex-a76', 14, ['conv2d/neon-sdot', 'depthwise_conv2d/neon', 'fully_connected/neon-sdot']],
];

for (const [id, seed, kernels] of RANDOM) {
  test(`${id}: target kernels equal the reference on random configurations`, async (t) => {
    const target = targetById(id);
    const cases = kernelCases(seed, { conv: 14, depthwise: 12, dense: 8 });
    const results = cases.map((c) => compile(c.graph, { target, name: c.name, kernels: 'speed' }));
    for (const k of kernels) t.true(targetKernelsUsed(results).includes(k), `${k} not used`);
    const elf = await buildBoardDriver({ target, board: target.board!, bundles: results });
    const run = await runBoardDriver(target.board!, elf, cases.map((c) => c.runs.map((r) => ({ inputs: r.inputs, outputs: r.outputs.length }))));
    const problems = cases.flatMap((c, m) =>
      c.runs.flatMap((r, k) => (Buffer.compare(Buffer.from(r.outputs[0]!), Buffer.from(run.outputs[m]![k]![0]!)) === 0 ? [] : [`${c.name} run ${k} (${results[m]!.manifest.layers[0]!.kernel})`])),
    );
    t.deepEqual(problems, []);
  });
}

test('cortex-m4: DSP kernels with packed int4 and int2 weights equal the reference', async (t) => {
  const target = targetById('cortex-m4');
  const cases = [...kernelCases(31, { conv: 8, depthwise: 4, dense: 6 }, 'i4'), ...kernelCases(32, { conv: 8, depthwise: 4, dense: 6 }, 'i2')];
  const results = cases.map((c) => compile(c.graph, { target, name: c.name, kernels: 'speed' }));
  t.deepEqual(targetKernelsUsed(results), ['conv2d/dsp', 'depthwise_conv2d/dsp', 'fully_connected/dsp']);
  const elf = await buildBoardDriver({ target, board: target.board!, bundles: results });
  const run = await runBoardDriver(target.board!, elf, cases.map((c) => c.runs.map((r) => ({ inputs: r.inputs, outputs: r.outputs.length }))));
  const problems = cases.flatMap((c, m) =>
    c.runs.flatMap((r, k) => (Buffer.compare(Buffer.from(r.outputs[0]!), Buffer.from(run.outputs[m]![k]![0]!)) === 0 ? [] : [`${c.name} run ${k}`])),
  );
  t.deepEqual(problems, []);
});
