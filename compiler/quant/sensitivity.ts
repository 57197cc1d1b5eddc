/**
 * Per-layer sensitivity to weight width, measured end to end: the relative
 * output noise of the quantized model with every layer at int8, and with
 * each layer alone lowered to each narrower width (see mixed.ts for how the
 * numbers are used).
 *
 * The float outputs are computed once per sample. A variant differs from
 * the all-int8 model only from its lowered layer on, so each sample's
 * all-int8 state is kept and a variant resumes from the first op that reads
 * the lowered weights instead of running the whole model again.
 */
import { ReferenceExecutor } from '../exec/reference.js';
import type { Graph, TensorData } from '../ir/index.js';
import type { ProgressFn, Sample } from './calibrate.js';
import { quantizedInputs, realValues } from './evaluate.js';
import { ErrorAccumulator } from './metrics.js';
import type { WeightBits } from './weights.js';

export interface SensitivityResult {
  baseNoise: number;
  /** Added relative noise per layer op index and width (never negative). */
  noise: Map<number, Record<WeightBits, number>>;
}

/**
 * `build(bitsOf)` makes the quantized graph for a width assignment; every
 * variant must have the all-int8 graph's structure (same ops and tensor
 * indices), which the rewrite guarantees.
 */
export function measureSensitivity(
  floatGraph: Graph, build: (bitsOf: (opIndex: number) => WeightBits) => { graph: Graph; weightTensorOf: (opIndex: number) => number },
  layers: readonly number[], widths: readonly WeightBits[], samples: readonly Sample[], onProgress?: ProgressFn,
): SensitivityResult {
  const fx = new ReferenceExecutor(floatGraph);
  const floats = samples.map((s) => {
    fx.reset();
    return fx.run(s);
  });
  const base = build(() => 8);
  const bx = new ReferenceExecutor(base.graph);
  const states: Array<Array<TensorData | undefined>> = [];
  const baseAcc = new ErrorAccumulator();
  samples.forEach((s, k) => {
    bx.reset();
    const out = bx.run(quantizedInputs(base.graph, s));
    addOutputs(baseAcc, base.graph, floats[k]!, out);
    states.push(base.graph.tensors.map((_, i) => bx.tensorData(i)?.slice()));
  });
  const baseNoise = baseAcc.relativeNoise();
  const lowered = widths.filter((b) => b !== 8);
  const total = layers.length * lowered.length;
  const noise = new Map<number, Record<WeightBits, number>>();
  let done = 0;
  for (const layer of layers) {
    const entry: Record<WeightBits, number> = { 8: 0, 4: 0, 2: 0 };
    for (const bits of lowered) {
      const variant = build((op) => (op === layer ? bits : 8));
      const weights = variant.weightTensorOf(layer);
      const first = variant.graph.ops.findIndex((op) => op.inputs.includes(weights));
      const vx = new ReferenceExecutor(variant.graph);
      const acc = new ErrorAccumulator();
      states.forEach((state, k) => addOutputs(acc, variant.graph, floats[k]!, vx.runFrom(first, state)));
      entry[bits] = Math.max(0, acc.relativeNoise() - baseNoise);
      onProgress?.({ phase: 'sensitivity', done: ++done, total });
    }
    noise.set(layer, entry);
  }
  return { baseNoise, noise };
}

function addOutputs(acc: ErrorAccumulator, g: Graph, floats: TensorData[], quantized: TensorData[]): void {
  quantized.forEach((q, o) => {
    const t = g.tensors[g.outputs[o]!]!;
    acc.add(floats[o] as Float32Array, realValues(t, q), 1);
  });
}
