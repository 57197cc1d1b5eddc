/**
 * Kernel selection: a target with SIMD features gets its kernel family
 * where the op's configuration allows it and the manifest says so per
 * layer; `kernels: 'portable'` and targets without the features get the
 * portable kernels; configurations no target kernel handles (float layers,
 * packed sub-byte weights outside the DSP kernels) fall back to the
 * portable kernel.
 */
import test from 'ava';
import { C_KERNELS } from '../../compiler/emit-c/kernels/index.js';
import { selectKernel, type KernelSelection } from '../../compiler/emit-c/kernels/select.js';
import { TARGET_KERNELS } from '../../compiler/emit-c/kernels/targets.js';
import { OPS } from '../../compiler/ops/registry.js';
import { targetById } from '../../targets/index.js';
import { compileFor } from '../helpers/simd-models.js';
import { kernelCases } from '../helpers/simd-cases.js';

const KWS = 'mlperf-tiny-kws-dscnn__kws_ref_model';

/** The manifest's kernel per layer, as `<kind>/<family>` counts. */
function kernels(id: string, targetId: string, selection: KernelSelection): string[] {
  return [...new Set(compileFor(id, targetById(targetId), selection).manifest.layers.map((l) => l.kernel))].sort();
}

test('each SIMD target records its kernel family per layer; portable selection and other targets use portable kernels', (t) => {
  t.deepEqual(kernels(KWS, 'cortex-m4', 'target').filter((k) => !k.endsWith('/portable')), ['conv2d/dsp', 'depthwise_conv2d/dsp', 'fully_connected/dsp']);
  t.deepEqual(kernels(KWS, 'cortex-m55', 'target').filter((k) => !k.endsWith('/portable')), ['conv2d/mve', 'depthwise_conv2d/mve', 'fully_connected/dsp']);
  t.deepEqual(kernels(KWS, 'cortex-a53', 'target').filter((k) => !k.endsWith('/portable')), ['conv2d/neon', 'depthwise_conv2d/neon', 'fully_connected/neon']);
  t.deepEqual(kernels(KWS, 'cortex-a76', 'target').filter((k) => !k.endsWith('/portable')), ['conv2d/neon-sdot', 'depthwise_conv2d/neon', 'fully_connected/neon-sdot']);
  for (const id of ['cortex-m4', 'cortex-m55', 'cortex-a76']) t.true(kernels(KWS, id, 'portable').every((k) => k.endsWith('/portable')), id);
  for (const id of ['host', 'cortex-m0plus']) t.true(kernels(KWS, id, 'target').every((k) => k.endsWith('/portable')), id);
});

test('target bundles ship only the SIMD header they use; portable ones ship none', (t) => {
  const headers = (targetId: string, selection: 'target' | 'portable'): string[] =>
    compileFor(KWS, targetById(targetId), selection).bundle.files.map((f) => f.path).filter((p) => /ingot_(arm_dsp|arm_mve|neon)\.h$/.test(p)).sort();
  t.deepEqual(headers('cortex-m4', 'target'), ['runtime/ingot_arm_dsp.h']);
  t.deepEqual(headers('cortex-m55', 'target'), ['runtime/ingot_arm_dsp.h', 'runtime/ingot_arm_mve.h']);
  t.deepEqual(headers('cortex-a53', 'target'), ['runtime/ingot_neon.h']);
  t.deepEqual(headers('cortex-m4', 'portable'), []);
});

test('packed sub-byte weights take the DSP kernels (kept packed) on Arm DSP cores and the portable kernel elsewhere; float layers stay portable', (t) => {
  const [c] = kernelCases(21, { conv: 1, depthwise: 0, dense: 0 });
  const graph = c!.graph;
  const op = graph.ops[0]!;
  const prepared = OPS[op.kind].prepare(op as never, graph) as { weightBits: number };
  const expected: Record<string, string> = { 'cortex-m4': 'conv2d/dsp', 'cortex-m55': 'conv2d/dsp', 'cortex-a53': 'conv2d/portable', 'cortex-a76': 'conv2d/portable' };
  for (const [id, want] of Object.entries(expected)) {
    const target = targetById(id);
    const ctx = { op, opIndex: 0, graph, prepared, target };
    t.not(selectKernel(ctx, C_KERNELS.conv2d!, 'target', TARGET_KERNELS).id, 'conv2d/portable', id);
    for (const bits of [4, 2]) {
      const sub = { ...ctx, prepared: { ...prepared, weightBits: bits } };
      t.is(selectKernel(sub, C_KERNELS.conv2d!, 'target', TARGET_KERNELS).id, want, `${id} int${bits}`);
    }
  }
  t.true(kernels('tflm-magic-wand__magic_wand', 'cortex-m4', 'target').every((k) => k.endsWith('/portable')));
});

test('target kernels whose scratch would grow the arena notably give way to portable ones; `speed` keeps them', (t) => {
  // micro_speech's 49×40 depthwise layer would widen its whole input plane into int16 scratch on the DSP:
  // more than the model's whole portable arena. The default selection keeps RAM at the portable figure.
  const MICRO_SPEECH = 'tflm-micro-speech__micro_speech_quantized';
  const m4 = targetById('cortex-m4');
  const portable = compileFor(MICRO_SPEECH, m4, 'portable');
  const balanced = compileFor(MICRO_SPEECH, m4, 'target');
  const speed = compileFor(MICRO_SPEECH, m4, 'speed');
  t.true(speed.manifest.layers.some((l) => l.kernel === 'depthwise_conv2d/dsp'));
  t.true(speed.plan.arenaBytes > portable.plan.arenaBytes * 1.5, `${speed.plan.arenaBytes} vs ${portable.plan.arenaBytes}`);
  t.false(balanced.manifest.layers.some((l) => l.kernel === 'depthwise_conv2d/dsp'));
  t.true(balanced.plan.arenaBytes <= portable.plan.arenaBytes * (1 + 1 / 16));
  // Where the scratch fits (kws), the default keeps the DSP kernels.
  t.true(compileFor(KWS, m4, 'target').manifest.layers.some((l) => l.kernel === 'depthwise_conv2d/dsp'));
});
