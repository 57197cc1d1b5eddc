/**
 * The backends the conformance suite runs on. `reference`: the pass
 * pipeline's output (backend kinds only) on the reference executor. `c`:
 * the same graph compiled to a host C bundle (c-backend.ts). The
 * WebAssembly backend joins this list when it lands.
 */
import { ReferenceExecutor } from '../../compiler/exec/reference.js';
import { requireBackendKinds, runPipeline } from '../../compiler/passes/pipeline.js';
import { cBackend } from './c-backend.js';
import type { ConformanceBackend } from './onnx-runner.js';
import { wasmBackend } from './wasm-backend.js';

export const referenceBackend: ConformanceBackend = {
  name: 'reference',
  async run(graph, inputSets) {
    const lowered = runPipeline(graph);
    requireBackendKinds(lowered);
    const exec = new ReferenceExecutor(lowered);
    return inputSets.map((inputs) => {
      exec.reset();
      return exec.run(inputs);
    });
  },
};

export const BACKENDS: ConformanceBackend[] = [referenceBackend, cBackend, wasmBackend];
