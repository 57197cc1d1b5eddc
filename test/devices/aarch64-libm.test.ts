/**
 * The bare-metal AArch64 counting boards link no C library; their own
 * libm.c supplies the math functions float kernels call. A float graph
 * that calls each of them (fabsf, sqrtf, logf, tanhf, expf, and roundf in
 * quantize) runs on both boards and must agree with the reference executor:
 * floats within the oracle tolerance, the quantized output exactly.
 */
import test from 'ava';
import { compile } from '../../compiler/compile.js';
import { ReferenceExecutor } from '../../compiler/exec/reference.js';
import { bytesOf, dataFromBytes, type AnyOp, type DType } from '../../compiler/ir/index.js';
import { buildMeasuringExample, runExample } from '../../compiler/device/example-run.js';
import { targetById } from '../../targets/index.js';
import { compareOutput } from '../helpers/compare.js';
import { deviceCacheDir, withDevice } from '../helpers/device-bundles.js';
import { GraphBuilder } from '../helpers/graph-builder.js';

const WIDTH = 257;

function mathGraph() {
  const b = new GraphBuilder();
  const x = b.tensor('x', [1, WIDTH]);
  const unary = (kind: 'abs' | 'sqrt' | 'log' | 'tanh' | 'exp', input: number): number => {
    const out = b.tensor(kind, [1, WIDTH]);
    b.ops.push({ kind, name: kind, inputs: [input], outputs: [out], attrs: {} } as AnyOp);
    return out;
  };
  const abs = unary('abs', x);
  const sqrt = unary('sqrt', abs);
  const log = unary('log', sqrt);
  const tanh = unary('tanh', log);
  const exp = unary('exp', x);
  const q = b.tensor('q', [1, WIDTH], 'i8');
  b.tensors[q]!.quant = { scale: [0.05], zeroPoint: [3], axis: 0 };
  b.ops.push({ kind: 'quantize', name: 'quantize', inputs: [x], outputs: [q], attrs: {} } as AnyOp);
  return b.build([x], [sqrt, log, tanh, exp, q], 'aarch64_math');
}

/** Inputs spanning where each function changes behaviour: tiny, near one, large, tanh's small and saturated ranges, expf near its overflow and into subnormals. */
function inputs(seed: number): Float32Array {
  const x = new Float32Array(WIDTH);
  let s = seed;
  for (let i = 0; i < WIDTH; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    const u = s / 2 ** 32;
    x[i] = i % 4 === 0 ? (u - 0.5) * 170 : i % 4 === 1 ? (u - 0.5) * 0.2 : i % 4 === 2 ? (u - 0.5) * 8 : (u - 0.5) * 40;
  }
  x[0] = 1e-30; x[1] = -1; x[2] = 88.5; x[3] = -103; x[4] = 2.5 * 0.05; x[5] = -2.5 * 0.05;
  return x;
}

for (const id of ['cortex-a53', 'cortex-a76']) {
  const target = targetById(id);
  test(`${id} counting board: expf, logf, tanhf, sqrtf, fabsf and roundf agree with the reference`, async (t) => {
    const graph = mathGraph();
    const result = compile(graph, { target, allowOversize: true });
    const cases = [inputs(1), inputs(2), inputs(3)];
    const input = new Uint8Array(cases.length * WIDTH * 4);
    cases.forEach((c, n) => input.set(bytesOf(c), n * WIDTH * 4));
    const m = result.manifest;
    const run = await withDevice(async () => {
      const { board, elf } = await buildMeasuringExample(result.bundle.files, target, { cacheDir: deviceCacheDir });
      t.true(board.description.includes('bare metal'), board.description);
      return runExample(board, elf, [input], m.outputs.length);
    });
    const reference = new ReferenceExecutor(graph);
    cases.forEach((c, n) => {
      const expected = reference.run([{ dtype: 'f32', shape: [1, WIDTH], data: c }]);
      expected.forEach((e, k) => {
        const o = m.outputs[k]!;
        const got = dataFromBytes(o.dtype as DType, run.outputs[k]!.subarray(n * o.bytes, (n + 1) * o.bytes));
        t.is(compareOutput(got, e), undefined, `case ${n}, output ${o.name}`);
      });
    });
  });
}
