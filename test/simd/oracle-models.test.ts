/**
 * Target kernels on every int8 oracle model, on each SIMD target's test
 * board (Cortex-M4, M7, M33 with DSP, M55 with Helium, AArch64 A53 with
 * NEON under qemu-user's cortex-a53, which traps SDOT, and A76 with SDOT):
 * all models in one program per target, oracle cases, outputs
 * equal to TFLite Micro's byte for byte. Each target must actually select
 * its kernel family for the layers that dominate these models.
 */
import test from 'ava';
import { targetById } from '../../targets/index.js';
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
  });
}
