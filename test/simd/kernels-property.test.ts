/**
 * Property tests of the target kernels: seeded random single-op int8
 * graphs (convolutions, depthwise convolutions, fully connected layers with
 * odd channel counts, strides, padding, dilation, depth multipliers,
 * per-channel multipliers including left shifts, zero points across the
 * int8 range, batches) compiled for each SIMD target, all cases in one
 * program on its test board, every output byte equal to the reference
 * executor's; on the M4 also with packed int4 and int2 weights. Each run must select the target kernels it is meant to test.
 */
import test from 'ava';
import { compile } from '../../compiler/compile.js';
import { targetById } from '../../targets/index.js';
import { buildBoardDriver, runBoardDriver } from '../helpers/board-driver.js';
import { kernelCases } from '../helpers/simd-cases.js';
import { targetKernelsUsed } from '../helpers/simd-models.js';

const TARGETS: Array<[string, number, string[]]> = [
  ['cortex-m4', 11, ['conv2d/dsp', 'depthwise_conv2d/dsp', 'fully_connected/dsp']],
  ['cortex-m55', 12, ['conv2d/mve', 'depthwise_conv2d/mve']],
  ['cortex-a53', 13, ['conv2d/neon', 'depthwise_conv2d/neon', 'fully_connected/neon']],
  ['cortex-a76', 14, ['conv2d/neon-sdot', 'depthwise_conv2d/neon', 'fully_connected/neon-sdot']],
];

for (const [id, seed, kernels] of TARGETS) {
  test(`${id}: target kernels equal the reference on random configurations`, async (t) => {
    const target = targetById(id);
    const cases = kernelCases(seed, { conv: 14, depthwise: 12, dense: 8 });
    const results = cases.map((c) => compile(c.graph, { target, name: c.name }));
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
  const cases = [...kernelCases(31, { conv: 8, depthwise: 0, dense: 6 }, 'i4'), ...kernelCases(32, { conv: 8, depthwise: 0, dense: 6 }, 'i2')];
  const results = cases.map((c) => compile(c.graph, { target, name: c.name }));
  t.deepEqual(targetKernelsUsed(results), ['conv2d/dsp', 'fully_connected/dsp']);
  t.true(results.every((r) => r.manifest.layers.every((l) => !l.kernel.endsWith('/portable'))));
  const elf = await buildBoardDriver({ target, board: target.board!, bundles: results });
  const run = await runBoardDriver(target.board!, elf, cases.map((c) => c.runs.map((r) => ({ inputs: r.inputs, outputs: r.outputs.length }))));
  const problems = cases.flatMap((c, m) =>
    c.runs.flatMap((r, k) => (Buffer.compare(Buffer.from(r.outputs[0]!), Buffer.from(run.outputs[m]![k]![0]!)) === 0 ? [] : [`${c.name} run ${k}`])),
  );
  t.deepEqual(problems, []);
});
