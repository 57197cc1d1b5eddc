/**
 * The WebAssembly backend for the ONNX conformance suite: the pass
 * pipeline's output emitted as a wasm bundle (both builds) and run in this
 * process through the bundle's own loader — no compiler processes, one
 * emission and one instantiation per build per test. The plain module must give exactly the SIMD module's
 * bits (both follow the reference's arithmetic), so one comparison with the
 * expected outputs covers both builds.
 */
import { emitWasmBundle, openWasmBundle } from '../../compiler/emit-wasm/index.js';
import type { TensorData } from '../../compiler/ir/index.js';
import { requireBackendKinds, runPipeline } from '../../compiler/passes/pipeline.js';
import type { ConformanceBackend } from './onnx-runner.js';

/** Undefined when two outputs hold the same bits (NaN payloads aside). */
function sameBits(a: TensorData, b: TensorData): string | undefined {
  if (a.length !== b.length) return `length ${a.length} vs ${b.length}`;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x !== y && !(Number.isNaN(x) && Number.isNaN(y)) && !Object.is(x, y)) return `[${i}] ${x} vs ${y}`;
    if (x === 0 && !Object.is(x, y)) return `[${i}] ${Object.is(x, -0) ? '-0' : '+0'} vs ${Object.is(y, -0) ? '-0' : '+0'}`;
  }
  return undefined;
}

export const wasmBackend: ConformanceBackend = {
  name: 'wasm',
  async run(graph, inputSets) {
    const lowered = runPipeline(graph);
    requireBackendKinds(lowered);
    const bundle = await emitWasmBundle(lowered, { name: 'case' });
    const [simdModule, plainModule] = await Promise.all([openWasmBundle(bundle, { simd: true }), openWasmBundle(bundle, { simd: false })]);
    const results: TensorData[][] = [];
    for (const inputs of inputSets) {
      const simd = simdModule.run(inputs);
      const plain = plainModule.run(inputs);
      simd.forEach((out, k) => {
        const problem = sameBits(out, plain[k]!);
        if (problem) throw new Error(`output ${k}: the SIMD and plain modules disagree at ${problem}`);
      });
      results.push(simd);
    }
    return results;
  },
};
