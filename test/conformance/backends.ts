/**
 * The backends the conformance suite runs on. `reference`: the pass
 * pipeline's output (backend kinds only) on the reference executor. The C
 * and WebAssembly backends join this list when they land.
 */
import { ReferenceExecutor } from '../../compiler/exec/reference.js';
import { requireBackendKinds, runPipeline } from '../../compiler/passes/pipeline.js';
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

export const BACKENDS: ConformanceBackend[] = [referenceBackend, wasmBackend];
