/**
 * The one table of operators: adding an op is one file plus one line here.
 * The mapped type makes the compiler reject a kind without a definition.
 */
import type { OpKind } from '../ir/index.js';
import { leakyRelu, logistic, relu, relu6, reluN1To1, tanh } from './activations.js';
import { add, div, maximum, minimum, mul, sub } from './binary.js';
import { compare } from './compare.js';
import { where } from './where.js';
import { batchMatmul } from './batch-matmul.js';
import { concat } from './concat.js';
import { convNchw } from './conv-nchw.js';
import { convTransposeNchw } from './conv-transpose-nchw.js';
import { conv2d } from './conv2d.js';
import { depthwiseConv2d } from './depthwise-conv2d.js';
import { dequantize } from './dequantize.js';
import { fullyConnected } from './fully-connected.js';
import { gather } from './gather.js';
import { mean } from './mean.js';
import type { OpDef } from './op-def.js';
import { pad } from './pad.js';
import { avgPoolNchw, maxPoolNchw } from './pool-nchw.js';
import { avgPool2d, maxPool2d } from './pool2d.js';
import { quantizeLinear } from './quantize-linear.js';
import { quantize } from './quantize.js';
import { reduceMax, reduceMin, reduceProd, reduceSum } from './reduce.js';
import { argReduce } from './arg-reduce.js';
import { gatherElements } from './gather-elements.js';
import { sequenceLstm } from './sequence-lstm.js';
import { sequenceLstmFloat } from './sequence-lstm-float.js';
import { svdf } from './svdf.js';
import { cast } from './cast.js';
import { signalEnergy } from './signal/energy.js';
import { signalFftAutoScale } from './signal/fft-auto-scale.js';
import { signalFilterBankLog } from './signal/filter-bank-log.js';
import { signalFilterBankSqrt } from './signal/filter-bank-sqrt.js';
import { signalFilterBank } from './signal/filter-bank.js';
import { signalPcan } from './signal/pcan.js';
import { signalRfft } from './signal/rfft.js';
import { signalSpectralSubtraction } from './signal/spectral-subtraction.js';
import { signalWindow } from './signal/window.js';
import { reshape } from './reshape.js';
import { softmax } from './softmax.js';
import { stridedSlice } from './strided-slice.js';
import { transpose } from './transpose.js';
import { transposeConv2d } from './transpose-conv2d.js';
import { abs, clip, exp, hardSigmoidOp, hardSwish, log, neg, reciprocal, sqrt, UNARY_MATH } from './unary.js';
import { unsupported } from './unsupported.js';

type Registry = { [K in OpKind]: OpDef<K, any> };

export const OPS: Registry = {
  conv2d,
  depthwise_conv2d: depthwiseConv2d,
  transpose_conv2d: transposeConv2d,
  fully_connected: fullyConnected,
  avg_pool2d: avgPool2d,
  max_pool2d: maxPool2d,
  reshape,
  softmax,
  add,
  sub,
  mul,
  mean,
  pad,
  transpose,
  strided_slice: stridedSlice,
  concat,
  quantize,
  dequantize,
  logistic,
  tanh,
  relu,
  relu6,
  relu_n1_to_1: reluN1To1,
  leaky_relu: leakyRelu,
  div,
  maximum,
  compare,
  where,
  minimum,
  clip,
  hard_sigmoid: hardSigmoidOp,
  hard_swish: hardSwish,
  exp,
  ...UNARY_MATH,
  log,
  sqrt,
  reciprocal,
  abs,
  neg,
  reduce_sum: reduceSum,
  reduce_prod: reduceProd,
  arg_reduce: argReduce,
  reduce_max: reduceMax,
  reduce_min: reduceMin,
  batch_matmul: batchMatmul,
  gather,
  gather_elements: gatherElements,
  sequence_lstm: sequenceLstm,
  sequence_lstm_float: sequenceLstmFloat,
  svdf,
  cast,
  signal_window: signalWindow,
  signal_fft_auto_scale: signalFftAutoScale,
  signal_rfft: signalRfft,
  signal_energy: signalEnergy,
  signal_filter_bank: signalFilterBank,
  signal_filter_bank_sqrt: signalFilterBankSqrt,
  signal_spectral_subtraction: signalSpectralSubtraction,
  signal_pcan: signalPcan,
  signal_filter_bank_log: signalFilterBankLog,
  quantize_linear: quantizeLinear,
  conv_nchw: convNchw,
  conv_transpose_nchw: convTransposeNchw,
  max_pool_nchw: maxPoolNchw,
  avg_pool_nchw: avgPoolNchw,
  unsupported,
};

export function opDef<K extends OpKind>(kind: K): OpDef<K, any> {
  return OPS[kind];
}
