/**
 * Random single-op graphs for property tests of the wasm kernels against
 * the reference executor: random shapes, weights, scales and zero points
 * from a seeded generator, so every run tests the same cases and a failure
 * names its seed.
 */
import { allocData, elementCount, type DType, type Graph, type OpAttrs, type OpKind, type QuantParams, type Tensor, type TensorData } from '../../compiler/ir/index.js';
import { OPS } from '../../compiler/ops/registry.js';
import type { RunInput } from '../../compiler/exec/reference.js';

/** xorshift32: small, seedable, deterministic. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 0x9e3779b9;
  }
  next(): number {
    let x = this.s;
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    this.s = x;
    return x;
  }
  int(lo: number, hi: number): number {
    return lo + (this.next() % (hi - lo + 1));
  }
  float(lo: number, hi: number): number {
    return lo + (this.next() / 4294967296) * (hi - lo);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.next() % xs.length]!;
  }
}

export interface TensorSpec {
  dtype: DType;
  shape: number[];
  quant?: QuantParams;
  /** Constant data (weights, biases); absent for runtime inputs. */
  data?: TensorData;
}

const RANGE: Partial<Record<DType, [number, number]>> = { bool: [0, 1], i8: [-128, 127], i16: [-32768, 32767], i32: [-2000, 2000], u8: [0, 255] };

/** Random data for a tensor of `dtype` (floats in [-1, 1), integers over their range). */
export function randomData(rng: Rng, dtype: DType, count: number, range?: [number, number]): TensorData {
  const data = allocData(dtype, count);
  const [lo, hi] = range ?? RANGE[dtype] ?? [-1, 1];
  for (let i = 0; i < count; i++) {
    if (dtype === 'f32') (data as Float32Array)[i] = rng.float(-1, 1);
    else if (dtype === 'i64') (data as BigInt64Array)[i] = BigInt(rng.int(lo, hi));
    else (data as Int32Array)[i] = rng.int(lo, hi);
  }
  return data;
}

export const q = (scale: number, zeroPoint = 0): QuantParams => ({ scale: [scale], zeroPoint: [zeroPoint], axis: 0 });
export const perChannel = (scales: number[]): QuantParams => ({ scale: scales, zeroPoint: scales.map(() => 0), axis: 0 });

/**
 * A graph of one op: `inputs` (runtime ones become graph inputs, constants
 * keep their data), one output of `output` dtype/quant whose shape comes
 * from the op's own shape inference (reshape: given, then checked by it).
 */
export function singleOp<K extends OpKind>(kind: K, attrs: OpAttrs[K], inputs: Array<TensorSpec | undefined>, output: { dtype: DType; quant?: QuantParams; shape?: number[] }): Graph {
  const tensors: Tensor[] = [];
  const ids = inputs.map((spec, i) => {
    if (!spec) return -1;
    tensors.push({ name: `in${i}`, dtype: spec.dtype, shape: spec.shape, ...(spec.quant ? { quant: spec.quant } : {}), ...(spec.data ? { data: spec.data } : {}) });
    return tensors.length - 1;
  });
  tensors.push({ name: 'out', dtype: output.dtype, shape: output.shape ?? [], ...(output.quant ? { quant: output.quant } : {}) });
  const outId = tensors.length - 1;
  const g: Graph = {
    name: kind, source: 'test', tensors,
    ops: [{ kind, name: kind, inputs: ids, outputs: [outId], attrs } as Graph['ops'][number]],
    inputs: ids.filter((id) => id >= 0 && tensors[id]!.data === undefined),
    outputs: [outId],
  };
  tensors[outId]!.shape = OPS[kind].inferShapes(g.ops[0] as never, g)[0]!;
  return g;
}

/** Random runtime inputs for a graph. */
export function randomInputs(rng: Rng, g: Graph): RunInput[] {
  return g.inputs.map((id) => {
    const t = g.tensors[id]!;
    return { dtype: t.dtype, shape: t.shape, data: randomData(rng, t.dtype, elementCount(t.shape)) };
  });
}
