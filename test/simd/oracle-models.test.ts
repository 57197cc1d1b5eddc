/**
 * Target kernels on every int8 oracle model, on each SIMD target's test
 * board: all models in one program per target, every oracle case, outputs
 * equal to TFLite Micro's byte for byte. Each target must actually select
 * its kernel family for the layers that dominate these models.
 */
import test from 'ava';
import { targetById } from '../../targets/index.js';
import { INT8_MODELS, runModelsOnBoard, targetKernelsUsed } from '../helpers/simd-models.js';

/** Per target: the kernels it must use on these models. */
const EXPECTED: Array<[string, string[]]> = [
  ['cortex-m4', ['conv2d/dsp', 'depthwise_conv2d/dsp', 'fully_connected/dsp']],
  ['cortex-m7', ['conv2d/dsp', 'depthwise_conv2d/dsp', 'fully_connected/dsp']],
  ['cortex-m33', ['conv2d/dsp', 'depthwise_conv2d/dsp', 'fully_connected/dsp']],
  ['cortex-m55', ['conv2d/mve', 'depthwise_conv2d/mve']],
];

/** All cases on the M4 and M55; the M7 and M33 run the M4's code, so three cases per model suffice there. */
const caseIndexes = (targetId: string) => (): number[] =>
  targetId === 'cortex-m4' || targetId === 'cortex-m55' ? Array.from({ length: 100 }, (_, k) => k) : [0, 1, 2];

for (const [id, kernels] of EXPECTED) {
  test(`${id}: target kernels match TFLite Micro on every int8 oracle model`, async (t) => {
    const target = targetById(id);
    const run = await runModelsOnBoard(target, target.board!, INT8_MODELS, 'target', caseIndexes(id));
    t.true(run.cases >= INT8_MODELS.length * 3, `${run.cases} cases`);
    for (const k of kernels) t.true(targetKernelsUsed(run.results).includes(k), `${k} not used`);
    t.deepEqual(run.problems, []);
  });
}
