/**
 * Per-layer sensitivity to weight width, measured end to end: the relative
 * noise of the model's outputs with every layer at int8, and with each layer
 * alone lowered to each narrower width (see mixed.ts for how the numbers
 * are used).
 *
 * The outputs themselves are measured — for a classifier, the
 * probabilities after its softmax. (Measuring the logits instead was tried:
 * their relative error is dominated by the large, confident logits and
 * misses the small changes that move probabilities near a decision; on
 * magic_wand it picked widths that lost 17 points of top-1 agreement.)
 * The float values are computed once per sample. A
 * variant differs from the all-int8 model only from its lowered layer on,
 * so each sample's all-int8 state is kept and a variant resumes from the
 * first op that reads the lowered weights instead of running the whole
 * model again.
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

/** A quantized variant: its graph, where each float tensor went, and each layer's weight tensor. */
export interface Variant {
  graph: Graph;
  tensorMap: readonly number[];
  weightTensorOf(opIndex: number): number;
}

/** The float tensors whose error is measured: the graph's outputs. */
export function measuredTensors(g: Graph): number[] {
  return g.outputs.slice();
}

/**
 * `build(bitsOf)` makes the quantized variant for a width assignment; every
 * variant must have the all-int8 graph's structure (same ops and tensor
 * indices), which the rewrite guarantees.
 */
export function measureSensitivity(
  floatGraph: Graph, build: (bitsOf: (opIndex: number) => WeightBits) => Variant,
  layers: readonly number[], widths: readonly WeightBits[], samples: readonly Sample[], onProgress?: ProgressFn,
): SensitivityResult {
  const measured = measuredTensors(floatGraph);
  const fx = new ReferenceExecutor(floatGraph);
  const floats = samples.map((s) => {
    fx.reset();
    fx.run(s);
    return measured.map((i) => fx.tensorData(i)!.slice());
  });
  const base = build(() => 8);
  const bx = new ReferenceExecutor(base.graph);
  const states: Array<Array<TensorData | undefined>> = [];
  const baseAcc = new ErrorAccumulator();
  samples.forEach((s, k) => {
    bx.reset();
    bx.run(quantizedInputs(base.graph, s));
    addMeasured(baseAcc, base, bx, measured, floats[k]!);
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
      states.forEach((state, k) => {
        vx.runFrom(first, state);
        addMeasured(acc, variant, vx, measured, floats[k]!);
      });
      entry[bits] = Math.max(0, acc.relativeNoise() - baseNoise);
      onProgress?.({ phase: 'sensitivity', done: ++done, total });
    }
    noise.set(layer, entry);
  }
  return { baseNoise, noise };
}

function addMeasured(acc: ErrorAccumulator, v: Variant, x: ReferenceExecutor, measured: readonly number[], floats: readonly TensorData[]): void {
  measured.forEach((fi, o) => {
    const qi = v.tensorMap[fi]!;
    acc.add(floats[o] as Float32Array, realValues(v.graph.tensors[qi]!, x.tensorData(qi)!), 1);
  });
}
