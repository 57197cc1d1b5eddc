/**
 * BATCH_MATMUL: C[..., m, n] = Σ_k A[..., m, k] · B[..., k, n], the batch
 * dims broadcast like NumPy (ONNX MatMul when B is not a constant matrix).
 * Both operands have rank ≥ 2; the importer reshapes ONNX's 1-D operands.
 *
 * float32 accumulates in k order, rounding to float32 at each step. Integer
 * operands (uint8/int8, per-tensor A, per-tensor or per-column B) are ONNX
 * QLinearMatMul / MatMulInteger: (a − a_zp)(b − b_zp) summed in int32, then
 * ONNX's float requantization, or the raw int32 (common/requantize.ts).
 */
import { elementCount, fail, inputAt, outputAt, type Graph, type Op, type TensorData } from '../ir/index.js';
import { describeOp, requireDtype } from './common/checks.js';
import { ioCost } from './common/cost.js';
import { filterOffsetOf, finishFloat, finishQuantized, prepareIntegerOutput, type IntegerOutput } from './common/requantize.js';
import { broadcastIndex, broadcastShapes } from './common/shapes.js';
import { FLOAT_OUTPUT } from './conv2d.js';
import { defineOp } from './op-def.js';

export interface BatchMatmulPrepared extends IntegerOutput {
  dtype: 'f32' | 'i8' | 'u8';
  m: number;
  k: number;
  n: number;
  /** For each output batch, which batch of A and of B it reads. */
  aBatch: number[];
  bBatch: number[];
}

function split(shape: readonly number[]): { batch: number[]; rows: number; cols: number } {
  return { batch: shape.slice(0, -2), rows: shape[shape.length - 2]!, cols: shape[shape.length - 1]! };
}

export const batchMatmul = defineOp({
  kind: 'batch_matmul',

  inferShapes(op: Op<'batch_matmul'>, g: Graph): number[][] {
    const a = inputAt(g, op, 0);
    const b = inputAt(g, op, 1);
    if (a.shape.length < 2 || b.shape.length < 2) {
      fail('shape/mismatch', `${describeOp(op)}: operands need rank 2 or more, got [${a.shape.join(',')}] and [${b.shape.join(',')}]`, { tensor: a.name });
    }
    const sa = split(a.shape);
    const sb = split(b.shape);
    const batch = broadcastShapes(sa.batch, sb.batch);
    if (sa.cols !== sb.rows || !batch) {
      fail('shape/mismatch', `${describeOp(op)}: cannot multiply [${a.shape.join(',')}] by [${b.shape.join(',')}]`, { tensor: b.name });
    }
    return [[...batch, sa.rows, sb.cols]];
  },

  prepare(op: Op<'batch_matmul'>, g: Graph): BatchMatmulPrepared {
    const a = inputAt(g, op, 0);
    const b = inputAt(g, op, 1);
    const output = outputAt(g, op);
    requireDtype(op, a, ['f32', 'i8', 'u8'], 'input A');
    const sa = split(a.shape);
    const sb = split(b.shape);
    const outBatch = output.shape.slice(0, -2);
    const batches = elementCount(outBatch);
    const aIdx = broadcastIndex(sa.batch, outBatch);
    const bIdx = broadcastIndex(sb.batch, outBatch);
    const base = { m: sa.rows, k: sa.cols, n: sb.cols, aBatch: Array.from(aIdx.subarray(0, batches)), bBatch: Array.from(bIdx.subarray(0, batches)) };
    if (a.dtype === 'f32') {
      requireDtype(op, b, ['f32'], 'input B');
      return { ...base, ...FLOAT_OUTPUT, dtype: 'f32', actMin: -Infinity, actMax: Infinity };
    }
    requireDtype(op, b, ['i8', 'u8'], 'input B');
    if (op.attrs.rounding !== 'onnx') fail('op/unsupported', `${describeOp(op)}: integer batch matmul needs ONNX rounding`, { tensor: a.name });
    const integer = prepareIntegerOutput({ input: a, weights: b, output, channels: sb.cols, activation: 'none', rounding: 'onnx' });
    return { ...base, ...integer, dtype: a.dtype as 'i8' | 'u8' };
  },

  evalRef(p: BatchMatmulPrepared, inputs: ReadonlyArray<TensorData | undefined>, outputs: TensorData[]): void {
    const a = inputs[0] as Float32Array | Int8Array;
    const b = inputs[1] as Float32Array | Int8Array;
    const out = outputs[0]!;
    const isFloat = p.dtype === 'f32';
    p.aBatch.forEach((ab, batch) => {
      const aBase = ab * p.m * p.k;
      const bBase = p.bBatch[batch]! * p.k * p.n;
      const oBase = batch * p.m * p.n;
      for (let i = 0; i < p.m; i++) {
        for (let j = 0; j < p.n; j++) {
          let acc = 0;
          if (isFloat) {
            for (let t = 0; t < p.k; t++) acc = Math.fround(acc + Math.fround(a[aBase + i * p.k + t]! * b[bBase + t * p.n + j]!));
            out[oBase + i * p.n + j] = finishFloat(acc, undefined, j, p);
          } else {
            const fo = filterOffsetOf(p, j);
            for (let t = 0; t < p.k; t++) acc += (a[aBase + i * p.k + t]! + p.inputOffset) * (b[bBase + t * p.n + j]! + fo);
            out[oBase + i * p.n + j] = finishQuantized(acc, undefined, j, p);
          }
        }
      }
    });
  },

  cost(op: Op<'batch_matmul'>, g: Graph) {
    const a = inputAt(g, op, 0);
    return ioCost(op, g, elementCount(outputAt(g, op).shape) * a.shape[a.shape.length - 1]!);
  },
});
