/**
 * Accuracy of a quantized graph against the float graph it came from, on
 * the same samples: per output (top-1 agreement, SQNR, cosine, max abs
 * error) and per layer (every float op's output against the dequantized
 * int8 tensor the quantized graph computed in its place).
 *
 * Both graphs run sample by sample in lockstep in the reference executor,
 * so memory does not grow with the number of samples.
 */
import { ReferenceExecutor } from '../exec/reference.js';
import type { Graph, Tensor, TensorData } from '../ir/index.js';
import type { ProgressFn, Sample } from './calibrate.js';
import { ErrorAccumulator, type ErrorStats } from './metrics.js';

export interface OutputAccuracy {
  name: string;
  stats: ErrorStats;
}

export interface LayerAccuracy {
  /** Op index in the (folded) float graph. */
  index: number;
  kind: string;
  name: string;
  stats: ErrorStats;
}

export interface AccuracyResult {
  outputs: OutputAccuracy[];
  layers: LayerAccuracy[];
}

/** Real values of a tensor's data (dequantized when it is quantized). */
export function realValues(t: Tensor, data: TensorData): ArrayLike<number> {
  if (t.dtype === 'f32') return data as Float32Array;
  const s = t.quant?.scale[0] ?? 1;
  const zp = t.quant?.zeroPoint[0] ?? 0;
  const out = new Float64Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = s * (Number(data[i]) - zp);
  return out;
}

const rowLength = (t: Tensor): number => t.shape[t.shape.length - 1] ?? 1;

export function evaluateAccuracy(
  floatGraph: Graph, quantGraph: Graph, tensorMap: readonly number[], samples: readonly Sample[], onProgress?: ProgressFn,
): AccuracyResult {
  const fx = new ReferenceExecutor(floatGraph);
  const qx = new ReferenceExecutor(quantGraph);
  const outAcc = floatGraph.outputs.map(() => new ErrorAccumulator());
  const layerTensors = floatGraph.ops.map((op) => op.outputs[0]!);
  const layerAcc = layerTensors.map(() => new ErrorAccumulator());
  samples.forEach((sample, k) => {
    fx.reset();
    qx.reset();
    const fOut = fx.run(sample);
    const qOut = qx.run(quantizedInputs(quantGraph, sample));
    fOut.forEach((f, o) => {
      const qt = quantGraph.tensors[quantGraph.outputs[o]!]!;
      outAcc[o]!.add(f as Float32Array, realValues(qt, qOut[o]!), rowLength(qt));
    });
    layerTensors.forEach((ft, l) => {
      const qi = tensorMap[ft] ?? -1;
      if (qi < 0) return;
      const qt = quantGraph.tensors[qi]!;
      layerAcc[l]!.add(fx.tensorData(ft) as Float32Array, realValues(qt, qx.tensorData(qi)!), rowLength(qt));
    });
    onProgress?.({ phase: 'evaluate', done: k + 1, total: samples.length });
  });
  return {
    outputs: floatGraph.outputs.map((i, o) => ({ name: floatGraph.tensors[i]!.name, stats: outAcc[o]!.finish() })),
    layers: floatGraph.ops.map((op, l) => ({ index: l, kind: op.kind, name: op.name, stats: layerAcc[l]!.finish() })),
  };
}

/**
 * A float sample as the quantized graph's inputs: unchanged for float I/O,
 * quantized with each input's parameters (TFLite's rounding) for int8 I/O.
 */
export function quantizedInputs(quantGraph: Graph, sample: Sample): Sample {
  return sample.map((input, k) => {
    const t = quantGraph.tensors[quantGraph.inputs[k]!]!;
    if (t.dtype === input.dtype) return input;
    return { dtype: t.dtype, shape: input.shape, data: quantizeValues(input.data as Float32Array, t) };
  });
}

/** round-half-away(x / s) + zp, saturated to int8. */
export function quantizeValues(x: Float32Array, t: Tensor): Int8Array {
  const s = Math.fround(t.quant?.scale[0] ?? 1);
  const zp = t.quant?.zeroPoint[0] ?? 0;
  const out = new Int8Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const r = Math.fround(x[i]! / s);
    const q = (r < 0 ? -Math.round(-r) : Math.round(r)) + zp;
    out[i] = q < -128 ? -128 : q > 127 ? 127 : q;
  }
  return out;
}
