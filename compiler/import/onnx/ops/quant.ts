/**
 * ONNX QuantizeLinear and DequantizeLinear → IR quantize_linear and
 * dequantize, per tensor or per axis. The quantization parameters move from
 * the ONNX inputs onto the integer tensor, where the QDQ-fusion pass and the
 * integer kernels read them.
 * DequantizeLinear of a constant folds to float32 weights; QDQ node groups
 * that run in integer arithmetic are recognised before this (qdq.ts).
 */
import type { NodeContext } from '../context.js';
import { quantFrom, viewQuantized } from './common.js';

/** ONNX's default axis is 1; a negative one counts from the end. */
function axisOf(c: NodeContext, rank: number): number {
  const axis = c.attrs.int('axis', 1);
  return axis < 0 ? axis + rank : axis;
}

function rejectBlocked(c: NodeContext): void {
  if (c.attrs.int('block_size', 0) !== 0) c.fail('onnx/unsupported-op', 'blocked quantization (block_size) is not supported', 'quantize per tensor or per axis');
}

export function convertQuantizeLinear(c: NodeContext): void {
  rejectBlocked(c);
  const x = c.tensor(0);
  if (x.dtype !== 'f32') c.fail('onnx/unsupported-type', `the input must be float32, got ${x.dtype}`);
  const { quant, dtype } = quantFrom(c, 1, 2, axisOf(c, x.shape.length), 'output');
  const outputDtype = c.attrs.int('output_dtype', 0);
  const out = dtype ?? (outputDtype === 3 ? 'i8' : outputDtype === 5 ? 'i16' : 'u8');
  if (outputDtype !== 0 && ![2, 3, 5].includes(outputDtype)) c.fail('onnx/unsupported-type', `output_dtype ${outputDtype} is not supported (uint8, int8, int16 are)`);
  c.emit('quantize_linear', {}, [c.input(0)], { output: 0, dtype: out, quant });
}

export function convertDequantizeLinear(c: NodeContext): void {
  rejectBlocked(c);
  const x = c.tensor(0);
  if (!['i8', 'u8', 'i16', 'i32'].includes(x.dtype)) c.fail('onnx/unsupported-type', `the input must be int8, uint8, int16 or int32, got ${x.dtype}`);
  const { quant } = quantFrom(c, 1, 2, axisOf(c, x.shape.length), 'input');
  const q = viewQuantized(c, c.input(0), quant, 'quantized');
  c.emit('dequantize', {}, [q], { output: 0, dtype: 'f32' });
}

/**
 * QLinearAdd arithmetic (a QDQ Add group): inputs a, a_scale, a_zp, b,
 * b_scale, b_zp, y_scale, y_zp; ONNX Runtime's float requantization.
 */
export function convertQLinearAdd(c: NodeContext): void {
  const aq = quantFrom(c, 1, 2, 0, 'A');
  const bq = quantFrom(c, 4, 5, 0, 'B');
  const yq = quantFrom(c, 6, 7, 0, 'output');
  const a = viewQuantized(c, c.input(0), aq.quant, 'a_q');
  const b = viewQuantized(c, c.input(3), bq.quant, 'b_q');
  c.emit('add', { activation: 'none', potScaleInt16: false, rounding: 'onnx' }, [a, b], { output: 0, dtype: yq.dtype ?? c.tensor(0).dtype, quant: yq.quant });
}
