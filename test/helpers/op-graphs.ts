/**
 * Small graphs built in code, for testing kernels on configurations the
 * oracle models do not exercise (grouped and dilated convolutions, batches,
 * every activation, broadcasting, …). Shapes come from each op's own shape
 * inference; data and quantization from a seeded generator, so every run
 * builds the same graphs.
 */
import { type DType, type Graph, type OpAttrs, type OpKind, type QuantParams, type Tensor, type TensorData, allocData, elementCount } from '../../compiler/ir/index.js';
import { OPS } from '../../compiler/ops/registry.js';

/** xorshift32 → uniform floats and integers. */
export class Random {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 1;
  }
  next(): number {
    let s = this.s;
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    this.s = s >>> 0;
    return this.s / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  float(lo: number, hi: number): number {
    return Math.fround(lo + this.next() * (hi - lo));
  }
}

const RANGES: Partial<Record<DType, [number, number]>> = { bool: [0, 1], i8: [-128, 127], i16: [-32768, 32767], i32: [-2147483648, 2147483647], u8: [0, 255] };

/** Random contents for a tensor: full integer range, floats in [-1, 1). */
export function randomData(r: Random, dtype: DType, count: number, range?: [number, number]): TensorData {
  const data = allocData(dtype, count);
  const [lo, hi] = range ?? RANGES[dtype] ?? [-1, 1];
  for (let i = 0; i < count; i++) {
    if (dtype === 'f32') data[i] = r.float(lo, hi);
    else if (dtype === 'i64') (data as BigInt64Array)[i] = BigInt(r.int(lo, hi));
    else data[i] = r.int(lo, hi);
  }
  return data;
}

export const perTensor = (scale: number, zeroPoint = 0): QuantParams => ({ scale: [Math.fround(scale)], zeroPoint: [zeroPoint], axis: 0 });

export const perChannel = (r: Random, channels: number, axis: number, lo = 0.005, hi = 0.03): QuantParams => ({
  scale: Array.from({ length: channels }, () => r.float(lo, hi)),
  zeroPoint: new Array<number>(channels).fill(0),
  axis,
});

export class GraphBuilder {
  readonly tensors: Tensor[] = [];
  readonly ops: Graph['ops'] = [];
  readonly inputs: number[] = [];

  tensor(t: Tensor): number {
    this.tensors.push(t);
    return this.tensors.length - 1;
  }

  input(dtype: DType, shape: number[], quant?: QuantParams): number {
    const i = this.tensor({ name: `in${this.inputs.length}`, dtype, shape, ...(quant ? { quant } : {}) });
    this.inputs.push(i);
    return i;
  }

  constant(dtype: DType, shape: number[], data: TensorData, quant?: QuantParams): number {
    return this.tensor({ name: `c${this.tensors.length}`, dtype, shape, data, ...(quant ? { quant } : {}) });
  }

  /** Adds an op; its output shape comes from the op's shape inference (or `shape` when the op takes it from the output). */
  op<K extends OpKind>(kind: K, attrs: OpAttrs[K], inputs: number[], out: { dtype: DType; quant?: QuantParams; shape?: number[] }): number {
    const o = this.tensor({ name: `t${this.tensors.length}`, dtype: out.dtype, shape: out.shape ?? [], ...(out.quant ? { quant: out.quant } : {}) });
    const op = { kind, name: `${kind}_${this.ops.length}`, inputs, outputs: [o], attrs } as unknown as Graph['ops'][number];
    this.ops.push(op);
    this.tensors[o]!.shape = OPS[kind].inferShapes(op as never, this.graph('probe', [o]))[0]!;
    return o;
  }

  graph(name: string, outputs: number[]): Graph {
    return { name, source: 'test', tensors: this.tensors, ops: this.ops, inputs: this.inputs, outputs };
  }
}

/** Random inputs for every graph input. */
export function randomInputs(r: Random, g: Graph): Array<{ dtype: DType; shape: number[]; data: TensorData }> {
  return g.inputs.map((i) => {
    const t = g.tensors[i]!;
    return { dtype: t.dtype, shape: t.shape, data: randomData(r, t.dtype, elementCount(t.shape)) };
  });
}
