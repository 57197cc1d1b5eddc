/**
 * How each op kind is quantized: one row per kind (the mapped type makes a
 * new kind without a row a compile error, so no op is quantized by accident).
 *
 * A row says where the op's output parameters come from —
 * - `own`: its own calibrated range;
 * - `same`: identical to input 0 (the int8 kernel copies or compares values
 *   without rescaling: pooling, reshape, pad, transpose, slicing);
 * - `shared`: every input and the output share one (concatenation copies
 *   bytes, so TFLite requires it);
 * - `fixed`: set by the kernel's definition (softmax and logistic output
 *   1/256 with zero point -128, tanh 1/128 with 0 — TFLite's requirements);
 * - `none`: the op has no int8 form here, with the reason —
 * and which input holds weights (quantized per output channel along
 * `axis`) and which the bias.
 */
import { fail, type Graph, type OpKind, type QuantParams } from '../ir/index.js';

export interface WeightSlot {
  input: number;
  /** Output-channel axis of the weight tensor. */
  axis: number;
  bias: number;
}

export type OutputRule =
  | { kind: 'own' }
  | { kind: 'same' }
  | { kind: 'shared' }
  | { kind: 'fixed'; params: QuantParams }
  | { kind: 'none'; reason: string; hint?: string };

export interface QuantRule {
  output: OutputRule;
  weights?: WeightSlot;
}

const own: QuantRule = { output: { kind: 'own' } };
const same: QuantRule = { output: { kind: 'same' } };
const fixed = (scale: number, zeroPoint: number): QuantRule => ({ output: { kind: 'fixed', params: { scale: [scale], zeroPoint: [zeroPoint], axis: 0 } } });
const none = (reason: string, hint?: string): QuantRule => ({ output: { kind: 'none', reason, ...(hint ? { hint } : {}) } });
/** TFLite Micro's signal operators (an audio front end) compute in integers of their own already. */
const SIGNAL = none('TFLite Micro\'s signal operators are integer already');

export const QUANT_RULES: Record<OpKind, QuantRule> = {
  conv2d: { output: { kind: 'own' }, weights: { input: 1, axis: 0, bias: 2 } },
  depthwise_conv2d: { output: { kind: 'own' }, weights: { input: 1, axis: 3, bias: 2 } },
  transpose_conv2d: { output: { kind: 'own' }, weights: { input: 1, axis: 0, bias: 2 } },
  fully_connected: { output: { kind: 'own' }, weights: { input: 1, axis: 0, bias: 2 } },
  avg_pool2d: same,
  max_pool2d: same,
  reshape: same,
  pad: same,
  transpose: same,
  strided_slice: same,
  concat: { output: { kind: 'shared' } },
  // The int8 kernels compare stored values, which needs one scale for both inputs and the output.
  maximum: { output: { kind: 'shared' } },
  minimum: { output: { kind: 'shared' } },
  compare: none('comparisons give bool tensors, which int8 quantization does not apply to'),
  where: none('there is no quantized form of Where here: the two value inputs would need one scale'),
  softmax: fixed(1 / 256, -128),
  logistic: fixed(1 / 256, -128),
  tanh: fixed(1 / 128, 0),
  add: own,
  sub: own,
  mul: own,
  mean: own,
  relu: own,
  relu6: own,
  relu_n1_to_1: own,
  leaky_relu: own,
  quantize: none('the model already contains QUANTIZE ops: it is quantized already'),
  dequantize: none('the model already contains DEQUANTIZE ops: it is quantized already'),
  // ONNX kinds. Max, min and gather pick input values, so the input's parameters carry over.
  reduce_max: same,
  reduce_min: same,
  gather: same,
  gather_elements: same,
  sequence_lstm: none('it is TFLite\'s integer LSTM, quantized already'),
  sequence_lstm_float: none('Ingot runs LSTMs in float32 only (an int8 LSTM comes quantized from the TFLite converter)',
    'keep the model in float32, or quantize it with the TFLite converter'),
  svdf: none('it is TFLite\'s integer SVDF, quantized already'),
  signal_window: SIGNAL,
  signal_fft_auto_scale: SIGNAL,
  signal_rfft: SIGNAL,
  signal_energy: SIGNAL,
  signal_filter_bank: SIGNAL,
  signal_filter_bank_sqrt: SIGNAL,
  signal_spectral_subtraction: SIGNAL,
  signal_pcan: SIGNAL,
  signal_filter_bank_log: SIGNAL,
  cast: none('a cast converts between element types, which int8 quantization does not rewrite'),
  div: none('there is no int8 kernel for Div'),
  clip: none('there is no int8 kernel for Clip (fuse it into the op before it as relu/relu6)'),
  hard_sigmoid: none('there is no int8 kernel for HardSigmoid'),
  hard_swish: none('there is no int8 kernel for HardSwish'),
  exp: none('there is no int8 kernel for Exp'),
  sin: none('there is no int8 kernel for Sin'),
  cos: none('there is no int8 kernel for Cos'),
  tan: none('there is no int8 kernel for Tan'),
  asin: none('there is no int8 kernel for Asin'),
  acos: none('there is no int8 kernel for Acos'),
  atan: none('there is no int8 kernel for Atan'),
  sinh: none('there is no int8 kernel for Sinh'),
  cosh: none('there is no int8 kernel for Cosh'),
  asinh: none('there is no int8 kernel for Asinh'),
  acosh: none('there is no int8 kernel for Acosh'),
  atanh: none('there is no int8 kernel for Atanh'),
  erf: none('there is no int8 kernel for Erf'),
  sign: none('there is no int8 kernel for Sign'),
  floor: none('there is no int8 kernel for Floor'),
  ceil: none('there is no int8 kernel for Ceil'),
  round: none('there is no int8 kernel for Round'),
  log: none('there is no int8 kernel for Log'),
  sqrt: none('there is no int8 kernel for Sqrt'),
  reciprocal: none('there is no int8 kernel for Reciprocal'),
  abs: none('there is no int8 kernel for Abs'),
  neg: none('there is no int8 kernel for Neg'),
  reduce_sum: none('there is no int8 kernel for ReduceSum'),
  reduce_prod: none('there is no int8 kernel for ReduceProd'),
  arg_reduce: none('ArgMax and ArgMin give int64 indices, which int8 quantization does not apply to'),
  batch_matmul: none('MatMul with two activation inputs has no TFLite-style int8 kernel'),
  quantize_linear: none('the model already contains QuantizeLinear ops: it is quantized already'),
  conv_nchw: none('run the pass pipeline first: channels-first ops are lowered before quantization'),
  conv_transpose_nchw: none('run the pass pipeline first: channels-first ops are lowered before quantization'),
  max_pool_nchw: none('run the pass pipeline first: channels-first ops are lowered before quantization'),
  avg_pool_nchw: none('run the pass pipeline first: channels-first ops are lowered before quantization'),
  unsupported: none('Ingot has no kernel for this op'),
};

/** Fails, naming the first op, unless every op of `g` has an int8 form. */
export function requireInt8Forms(g: Graph): void {
  g.ops.forEach((op, index) => {
    const rule = QUANT_RULES[op.kind].output;
    if (rule.kind === 'none') {
      fail('quant/unsupported-op', `op ${index} (${op.source ?? op.kind} '${op.name}') cannot be quantized: ${rule.reason}`, {
        opIndex: index,
        hint: rule.hint ?? 'quantize a float32 model whose ops Ingot supports (see `ingot inspect`)',
      });
    }
  });
}
