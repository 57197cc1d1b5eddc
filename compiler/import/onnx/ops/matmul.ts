/**
 * ONNX Gemm, MatMul, MatMulInteger and QLinearMatMul → IR.
 *
 * With a constant 2-D B these become fully_connected, whose weights are
 * [units, depth] — B transposed once at import — and Gemm's alpha and beta
 * are folded into the weights and bias. Otherwise they become batch_matmul
 * (with reshapes for ONNX's 1-D operands). Integer variants carry their zero
 * points and scales as quantization parameters and use ONNX rounding.
 */
import { elementCount, type DType, type QuantParams } from '../../../ir/index.js';
import { permuteData } from '../../../ops/common/layout.js';
import type { ConstTensor, NodeContext } from '../context.js';
import { fromNumbers, toNumbers } from '../tensor-proto.js';
import { quantFrom, reshapeTo, viewQuantized } from './common.js';
import { integerQuant } from './nn.js';

const NONE = { activation: 'none', potScaleInt16: false } as const;

/** A constant [K, N] matrix as fully-connected weights [N, K] (quantization axis follows). */
function weightsFromMatrix(c: NodeContext, b: ConstTensor, transposed: boolean, scale = 1): number {
  const [rows, cols] = b.shape as [number, number];
  let data = transposed ? b.data : permuteData(b.data, b.dtype, [rows, cols], [1, 0]);
  if (scale !== 1) data = Float32Array.from(data as Float32Array, (v) => Math.fround(v * scale));
  const shape = transposed ? [rows, cols] : [cols, rows];
  const quant: QuantParams | undefined = b.quant && { ...b.quant, axis: b.quant.scale.length > 1 ? (transposed ? b.quant.axis : 1 - b.quant.axis) : 0 };
  return c.constTensor('weights', b.dtype, shape, data, quant);
}

export function convertGemm(c: NodeContext): void {
  const alpha = Math.fround(c.attrs.float('alpha', 1));
  const beta = Math.fround(c.attrs.float('beta', 1));
  let a = c.input(0);
  if (c.tensorAt(a).shape.length !== 2) c.fail('onnx/invalid', `A must be 2-D, got [${c.tensorAt(a).shape.join(',')}]`);
  if (c.attrs.int('transA', 0) === 1) a = c.emit('transpose', { perm: [1, 0] }, [a], { suffix: 'transA' });
  const transB = c.attrs.int('transB', 0) === 1;
  const b = c.tryConstant(1);
  const cIn = c.has(2) && beta !== 0 ? c.input(2) : -1;
  let y: number;
  let biasDone = cIn < 0;
  if (b && b.shape.length === 2 && b.dtype === 'f32') {
    const w = weightsFromMatrix(c, b, transB, alpha);
    const units = c.tensorAt(w).shape[0]!;
    const cConst = cIn >= 0 ? c.tryConstant(2) : undefined;
    let bias = -1;
    if (cConst && (elementCount(cConst.shape) === 1 || (elementCount(cConst.shape) === units && cConst.shape[cConst.shape.length - 1] === units))) {
      const values = toNumbers(cConst.data);
      bias = c.constTensor('bias', 'f32', [units], fromNumbers('f32', units, Array.from({ length: units }, (_, i) => Math.fround(beta * values[values.length === 1 ? 0 : i]!))));
      biasDone = true;
    }
    y = c.emit('fully_connected', { activation: 'none', keepNumDims: false }, bias >= 0 ? [a, w, bias] : [a, w], biasDone ? { output: 0 } : { suffix: 'matmul' });
  } else {
    let bt = c.input(1);
    if (transB) bt = c.emit('transpose', { perm: [1, 0] }, [bt], { suffix: 'transB' });
    y = c.emit('batch_matmul', {}, [a, bt], { suffix: 'matmul' });
    if (alpha !== 1) y = c.emit('mul', NONE, [y, c.constTensor('alpha', 'f32', [], new Float32Array([alpha]))], biasDone ? { output: 0 } : { suffix: 'alpha' });
    else if (biasDone) c.bind(0, y);
  }
  if (!biasDone) {
    let bias = cIn;
    if (beta !== 1) bias = c.emit('mul', NONE, [bias, c.constTensor('beta', 'f32', [], new Float32Array([beta]))], { suffix: 'beta' });
    c.emit('add', NONE, [y, bias], { output: 0 });
  }
}

/**
 * MatMul core: fully_connected for a constant 2-D (or 1-D) B, batch_matmul
 * otherwise; 1-D operands get a unit dim that the result then loses, as in
 * NumPy. Callers promote B to a constant first when they can.
 */
function matmul(c: NodeContext, a: number, b: number, o: { dtype?: DType; quant?: QuantParams; rounding?: 'onnx' }): void {
  const aShape = c.tensorAt(a).shape;
  const bT = c.tensorAt(b);
  const bShape = bT.shape;
  const a2 = aShape.length === 1 ? reshapeTo(c, a, [1, aShape[0]!], { suffix: 'a_row' }) : a;
  const out = { ...(o.dtype ? { dtype: o.dtype } : {}), ...(o.quant ? { quant: o.quant } : {}) };
  const rounding = o.rounding ? { rounding: o.rounding } : {};
  let y: number;
  if (bT.data !== undefined && bShape.length <= 2) {
    const matrix = bShape.length === 1 ? { ...bT, shape: [bShape[0]!, 1] } : bT;
    const w = weightsFromMatrix(c, matrix as ConstTensor, false);
    y = c.emit('fully_connected', { activation: 'none', keepNumDims: true, ...rounding }, [a2, w], { ...out, suffix: 'matmul' });
  } else {
    const b2 = bShape.length === 1 ? reshapeTo(c, b, [bShape[0]!, 1], { suffix: 'b_col' }) : b;
    y = c.emit('batch_matmul', rounding, [a2, b2], { ...out, suffix: 'matmul' });
  }
  const want = c.tensorAt(y).shape.slice();
  if (bShape.length === 1) want.pop();
  if (aShape.length === 1) want.splice(bShape.length === 1 ? want.length - 1 : want.length - 2, 1);
  reshapeTo(c, y, want, { output: 0 });
}

export function convertMatMul(c: NodeContext): void {
  c.tryConstant(1);
  matmul(c, c.input(0), c.input(1), {});
}

export function convertMatMulInteger(c: NodeContext): void {
  c.tryConstant(1);
  const aq = integerQuant(c, 2, c.tensor(0).dtype);
  const bq = integerQuant(c, 3, c.tensor(1).dtype, c.tensor(1).shape.length - 1);
  matmul(c, viewQuantized(c, c.input(0), aq, 'a_zero_point'), viewQuantized(c, c.input(1), bq, 'b_zero_point'), { dtype: 'i32', rounding: 'onnx' });
}

export function convertQLinearMatMul(c: NodeContext): void {
  c.tryConstant(3);
  const aq = quantFrom(c, 1, 2, 0, 'A');
  const bq = quantFrom(c, 4, 5, c.tensor(3).shape.length - 1, 'B');
  const yq = quantFrom(c, 6, 7, 0, 'output');
  const a = viewQuantized(c, c.input(0), aq.quant, 'a_q');
  const b = viewQuantized(c, c.input(3), bq.quant, 'b_q');
  matmul(c, a, b, { dtype: yq.dtype ?? c.tensor(0).dtype, quant: yq.quant, rounding: 'onnx' });
}

/**
 * A QDQ Gemm or MatMul group (DequantizeLinear → Gemm/MatMul → QuantizeLinear)
 * as one integer fully-connected op. The node is laid out like QLinearMatMul
 * (a, a_scale, a_zp, b, b_scale, b_zp, y_scale, y_zp) plus an optional int32
 * bias at 8; B is a constant 2-D matrix, [N, K] when `transB`.
 */
export function convertQuantizedGemm(c: NodeContext, transB: boolean): void {
  const b = c.constant(3, 'weight');
  const aq = quantFrom(c, 1, 2, 0, 'A');
  const bq = quantFrom(c, 4, 5, transB ? 0 : 1, 'B');
  const yq = quantFrom(c, 6, 7, 0, 'output');
  const a = viewQuantized(c, c.input(0), aq.quant, 'a_q');
  const w = weightsFromMatrix(c, { ...b, quant: bq.quant }, transB);
  const inputs = c.has(8) ? [a, w, c.input(8)] : [a, w];
  c.emit('fully_connected', { activation: 'none', keepNumDims: true, rounding: 'onnx' }, inputs, { output: 0, dtype: yq.dtype ?? c.tensor(0).dtype, quant: yq.quant });
}
