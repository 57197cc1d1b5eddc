/**
 * BATCH_MATMUL as compiler/ops/batch-matmul.ts: for each output batch (its
 * A and B batches fixed at compile time by broadcasting, passed as a table
 * of byte offsets), C[i, j] = Σ_t A[i, t] · B[t, j] in t order. float32
 * rounds after every multiply and add; integer operands (int8/uint8 with
 * zero points, per-tensor A and per-tensor or per-column B) accumulate
 * (a + a_offset)(b + b_offset_j) in int32 and finish with ONNX's float
 * requantization or the raw int32 (finish.ts, channel = column).
 *
 * The SIMD build vectorises float32 over four columns: each lane adds its
 * own products in t order, so the bits are the portable kernel's.
 */
import type { Graph, Op } from '../../ir/index.js';
import type { BatchMatmulPrepared } from '../../ops/batch-matmul.js';
import type { Expr, FunctionBuilder, Local } from '../binaryen.js';
import { accType, accZero, filterOffsetValue, finishPlan, finishValue, hasFilterOffset, multiplyAdd, outputDtype, type FinishConfig } from './finish.js';
import { defineKernel, elemBytes, int32Table, loadElem, outputOperand, storeElem, tensorOperand, type KernelPlan } from './kernel.js';

interface MatmulConfig extends FinishConfig {
  m: number;
  k: number;
  n: number;
  batches: number;
  bDtype: 'f32' | 'i8' | 'u8';
  inputOffset: number;
  simd: boolean;
}

export const batchMatmulKernel = defineKernel({
  plan(op: Op<'batch_matmul'>, p: BatchMatmulPrepared, g: Graph, simd: boolean): KernelPlan<MatmulConfig> {
    const { config, table } = finishPlan(op, g, p, p.n);
    const es = elemBytes(p.dtype);
    const bDtype = g.tensors[op.inputs[1]!]!.dtype as MatmulConfig['bDtype'];
    // [A offset, B offset] in bytes, per output batch.
    const batchTable = int32Table(p.aBatch.flatMap((a, i) => [a * p.m * p.k * es, p.bBatch[i]! * p.k * p.n * elemBytes(bDtype)]));
    return {
      config: { ...config, m: p.m, k: p.k, n: p.n, batches: p.aBatch.length, bDtype, inputOffset: p.inputOffset, simd: simd && p.dtype === 'f32' && p.n >= 4 },
      operands: [tensorOperand(op, 0), tensorOperand(op, 1), outputOperand(op), { table }, { table: batchTable }],
    };
  },
  emit(f: FunctionBuilder, c: MatmulConfig): Expr {
    const m = f.m;
    const [pA, pB, pOut, pTable, pBatches] = f.params(5);
    const [batch, aBase, bBase, outPtr, i, row] = f.locals(6, f.t.i32);
    const es = elemBytes(c.dtype);
    const os = elemBytes(outputDtype(c));
    const rows = c.simd ? floatColumns(f, c, row, bBase, outPtr) : scalarColumns(f, c, row, bBase, outPtr, pTable);
    return f.forRange(batch, 0, c.batches, [
      aBase.set(m.i32.add(pA.get(), m.i32.load(0, 4, m.i32.add(pBatches.get(), m.i32.shl(batch.get(), f.i32(3)))))),
      bBase.set(m.i32.add(pB.get(), m.i32.load(4, 4, m.i32.add(pBatches.get(), m.i32.shl(batch.get(), f.i32(3)))))),
      outPtr.set(m.i32.add(pOut.get(), m.i32.mul(batch.get(), f.i32(c.m * c.n * os)))),
      f.forRange(i, 0, c.m, [row.set(m.i32.add(aBase.get(), m.i32.mul(i.get(), f.i32(c.k * es)))), ...rows]),
    ]);
  },
});

/** One output row, column by column (advances `outPtr`). */
function scalarColumns(f: FunctionBuilder, c: MatmulConfig, row: Local, bBase: Local, outPtr: Local, pTable: Local): Expr[] {
  const m = f.m;
  const [j, t, aPtr, bPtr] = f.locals(4, f.t.i32);
  const acc = f.local(accType(f, c));
  const fo = hasFilterOffset(c) ? f.local(f.t.i32) : undefined;
  const es = elemBytes(c.dtype);
  const bs = elemBytes(c.bDtype);
  const isFloat = c.dtype === 'f32';
  const a = (): Expr => (isFloat ? loadElem(f, 'f32', aPtr.get()) : m.i32.add(loadElem(f, c.dtype, aPtr.get()), f.i32(c.inputOffset)));
  const b = (): Expr => (fo ? m.i32.add(loadElem(f, c.bDtype, bPtr.get()), fo.get()) : loadElem(f, c.bDtype, bPtr.get()));
  const noBias = f.local(f.t.i32);
  return [f.forRange(j, 0, c.n, [
    acc.set(accZero(f, c)),
    ...(fo ? [fo.set(filterOffsetValue(f, c, j, pTable))] : []),
    aPtr.set(row.get()),
    bPtr.set(m.i32.add(bBase.get(), m.i32.mul(j.get(), f.i32(bs)))),
    f.forRange(t, 0, c.k, [
      multiplyAdd(f, c, acc, a(), b()),
      aPtr.set(m.i32.add(aPtr.get(), f.i32(es))),
      bPtr.set(m.i32.add(bPtr.get(), f.i32(c.n * bs))),
    ]),
    storeElem(f, outputDtype(c), outPtr.get(), finishValue(f, c, acc, j, noBias, pTable)),
    outPtr.set(m.i32.add(outPtr.get(), f.i32(elemBytes(outputDtype(c))))),
  ])];
}

/** float32 over four columns per step (SIMD); the last n % 4 columns lane by lane. */
function floatColumns(f: FunctionBuilder, c: MatmulConfig, row: Local, bBase: Local, outPtr: Local): Expr[] {
  const m = f.m;
  const [j, t, aPtr, bPtr] = f.locals(4, f.t.i32);
  const acc = f.local(f.t.v128);
  const v = f.local(f.t.v128);
  const full = Math.floor(c.n / 4);
  // + 0 as the reference's finish does (it turns −0 into +0); batch matmul has no fused clamp.
  const plusZero = (e: Expr): Expr => m.f32x4.add(e, f.zeroV128());
  const group = (lanes: number): Expr[] => [
    acc.set(f.zeroV128()),
    aPtr.set(row.get()),
    bPtr.set(m.i32.add(bBase.get(), m.i32.shl(j.get(), f.i32(4)))),
    f.forRange(t, 0, c.k, [
      acc.set(m.f32x4.add(acc.get(), m.f32x4.mul(m.v128.load32_splat(0, 4, aPtr.get()), lanes === 4 ? m.v128.load(0, 4, bPtr.get()) : partialLoad(f, bPtr, lanes)))),
      aPtr.set(m.i32.add(aPtr.get(), f.i32(4))),
      bPtr.set(m.i32.add(bPtr.get(), f.i32(c.n * 4))),
    ]),
    v.set(plusZero(acc.get())),
    ...(lanes === 4
      ? [m.v128.store(0, 4, outPtr.get(), v.get())]
      : Array.from({ length: lanes }, (_, l) => m.v128.store32_lane(l * 4, 4, l, outPtr.get(), v.get()))),
    outPtr.set(m.i32.add(outPtr.get(), f.i32(lanes * 4))),
  ];
  return [
    f.forRange(j, 0, full, group(4)),
    ...(c.n % 4 ? [j.set(f.i32(full)), ...group(c.n % 4)] : []),
  ];
}

/** The first `lanes` floats at `ptr` (the rest zero): never reads past the matrix's end. */
function partialLoad(f: FunctionBuilder, ptr: Local, lanes: number): Expr {
  const m = f.m;
  let v = m.v128.load32_zero(0, 4, ptr.get());
  for (let l = 1; l < lanes; l++) v = m.v128.load32_lane(l * 4, 4, l, ptr.get(), v);
  return v;
}
