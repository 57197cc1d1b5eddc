/**
 * The one table of wasm kernels, keyed by op kind. A kind missing here has
 * no wasm kernel: the emitter stops with `backend/unsupported-op`.
 */
import type { OpKind } from '../../ir/index.js';
import { activationKernel } from './activations.js';
import { batchMatmulKernel } from './batch-matmul.js';
import { binaryKernel } from './binary.js';
import { compareKernel, whereKernel } from './compare.js';
import { conv2dKernel } from './conv2d.js';
import { concatKernel } from './concat.js';
import { depthwiseConv2dKernel } from './depthwise-conv2d.js';
import { fullyConnectedKernel } from './fully-connected.js';
import { gatherKernel } from './gather.js';
import type { WasmKernel } from './kernel.js';
import { meanKernel } from './mean.js';
import { poolKernel } from './pool2d.js';
import { dequantizeKernel } from './dequantize.js';
import { padKernel } from './pad.js';
import { quantizeKernel } from './quantize.js';
import { quantizeLinearKernel } from './quantize-linear.js';
import { reduceKernel } from './reduce.js';
import { argReduceKernel } from './arg-reduce.js';
import { gatherElementsKernel } from './gather-elements.js';
import { sequenceLstmKernel } from './sequence-lstm.js';
import { sequenceLstmFloatKernel } from './sequence-lstm-float.js';
import { svdfKernel } from './svdf.js';
import { castKernel } from './cast.js';
import { signalEnergyKernel } from './signal/energy.js';
import { signalFftAutoScaleKernel } from './signal/fft-auto-scale.js';
import { signalFilterBankKernel } from './signal/filter-bank.js';
import { signalFilterBankLogKernel } from './signal/filter-bank-log.js';
import { signalFilterBankSqrtKernel } from './signal/filter-bank-sqrt.js';
import { signalPcanKernel } from './signal/pcan.js';
import { signalRfftKernel } from './signal/rfft.js';
import { signalSpectralSubtractionKernel } from './signal/spectral-subtraction.js';
import { signalWindowKernel } from './signal/window.js';
import { reshapeKernel } from './reshape.js';
import { softmaxKernel } from './softmax.js';
import { stridedSliceKernel } from './strided-slice.js';
import { transposeKernel } from './transpose.js';
import { transposeConv2dKernel } from './transpose-conv2d.js';
import { unaryKernel } from './unary.js';

export const WASM_KERNELS: { [K in OpKind]?: WasmKernel<K, any> } = {
  conv2d: conv2dKernel,
  depthwise_conv2d: depthwiseConv2dKernel,
  transpose_conv2d: transposeConv2dKernel,
  fully_connected: fullyConnectedKernel,
  avg_pool2d: poolKernel,
  max_pool2d: poolKernel,
  reshape: reshapeKernel,
  softmax: softmaxKernel,
  add: binaryKernel,
  sub: binaryKernel,
  mul: binaryKernel,
  mean: meanKernel,
  pad: padKernel,
  transpose: transposeKernel,
  strided_slice: stridedSliceKernel,
  concat: concatKernel,
  quantize: quantizeKernel,
  dequantize: dequantizeKernel,
  logistic: activationKernel,
  tanh: activationKernel,
  relu: activationKernel,
  relu6: activationKernel,
  relu_n1_to_1: activationKernel,
  leaky_relu: activationKernel,
  div: binaryKernel,
  maximum: binaryKernel,
  compare: compareKernel,
  where: whereKernel,
  minimum: binaryKernel,
  clip: unaryKernel,
  hard_sigmoid: unaryKernel,
  hard_swish: unaryKernel,
  exp: unaryKernel,
  sin: unaryKernel,
  cos: unaryKernel,
  tan: unaryKernel,
  asin: unaryKernel,
  acos: unaryKernel,
  atan: unaryKernel,
  sinh: unaryKernel,
  cosh: unaryKernel,
  asinh: unaryKernel,
  acosh: unaryKernel,
  atanh: unaryKernel,
  erf: unaryKernel,
  sign: unaryKernel,
  floor: unaryKernel,
  ceil: unaryKernel,
  round: unaryKernel,
  log: unaryKernel,
  sqrt: unaryKernel,
  reciprocal: unaryKernel,
  abs: unaryKernel,
  neg: unaryKernel,
  reduce_sum: reduceKernel,
  reduce_prod: reduceKernel,
  arg_reduce: argReduceKernel,
  reduce_max: reduceKernel,
  reduce_min: reduceKernel,
  batch_matmul: batchMatmulKernel,
  gather: gatherKernel,
  gather_elements: gatherElementsKernel,
  sequence_lstm: sequenceLstmKernel,
  sequence_lstm_float: sequenceLstmFloatKernel,
  svdf: svdfKernel,
  cast: castKernel,
  signal_window: signalWindowKernel,
  signal_fft_auto_scale: signalFftAutoScaleKernel,
  signal_rfft: signalRfftKernel,
  signal_energy: signalEnergyKernel,
  signal_filter_bank: signalFilterBankKernel,
  signal_filter_bank_sqrt: signalFilterBankSqrtKernel,
  signal_spectral_subtraction: signalSpectralSubtractionKernel,
  signal_pcan: signalPcanKernel,
  signal_filter_bank_log: signalFilterBankLogKernel,
  quantize_linear: quantizeLinearKernel,
};
