/**
 * The one table of C kernels, keyed by op kind. A kind missing here (a new
 * op that has a reference implementation but no C kernel yet) is reported
 * by `kernelFor` as `backend/unsupported-op`, naming the op and the target.
 */
import { fail, type AnyOp, type OpKind } from '../../ir/index.js';
import { leakyReluKernel, logisticKernel, relu6Kernel, reluKernel, reluN1To1Kernel, tanhKernel } from './activations.js';
import { compareKernel, whereKernel } from './compare.js';
import { addKernel, divKernel, maximumKernel, minimumKernel, mulKernel, subKernel } from './binary.js';
import { batchMatmulKernel } from './batch-matmul.js';
import { concatKernel } from './concat.js';
import { conv2dKernel } from './conv2d.js';
import { depthwiseConv2dKernel } from './depthwise-conv2d.js';
import { fullyConnectedKernel } from './fully-connected.js';
import { gatherKernel } from './gather.js';
import type { CKernel } from './kernel.js';
import { meanKernel } from './mean.js';
import { padKernel } from './pad.js';
import { avgPool2dKernel, maxPool2dKernel } from './pool2d.js';
import { dequantizeKernel, quantizeKernel, quantizeLinearKernel } from './quantize.js';
import { argReduceKernel } from './arg-reduce.js';
import { gatherElementsKernel } from './gather-elements.js';
import { sequenceLstmKernel } from './sequence-lstm.js';
import { sequenceLstmFloatKernel } from './sequence-lstm-float.js';
import { svdfKernel } from './svdf.js';
import { castKernel } from './cast.js';
import { reduceMaxKernel, reduceMinKernel, reduceProdKernel, reduceSumKernel } from './reduce.js';
import { reshapeKernel } from './reshape.js';
import { softmaxKernel } from './softmax.js';
import { signalEnergyKernel } from './signal/energy.js';
import { signalFftAutoScaleKernel } from './signal/fft-auto-scale.js';
import { signalFilterBankLogKernel } from './signal/filter-bank-log.js';
import { signalFilterBankSqrtKernel } from './signal/filter-bank-sqrt.js';
import { signalFilterBankKernel } from './signal/filter-bank.js';
import { signalPcanKernel } from './signal/pcan.js';
import { signalRfftKernel } from './signal/rfft.js';
import { signalSpectralSubtractionKernel } from './signal/spectral-subtraction.js';
import { signalWindowKernel } from './signal/window.js';
import { stridedSliceKernel } from './strided-slice.js';
import { transposeConv2dKernel } from './transpose-conv2d.js';
import { transposeKernel } from './transpose.js';
import {
  UNARY_MATH_KERNELS, absKernel, clipKernel, expKernel, hardSigmoidKernel, hardSwishKernel, logKernel, negKernel, reciprocalKernel, sqrtKernel,
} from './unary.js';

export type KernelTable = { [K in OpKind]?: CKernel<K, any> };

export const C_KERNELS: KernelTable = {
  conv2d: conv2dKernel,
  depthwise_conv2d: depthwiseConv2dKernel,
  transpose_conv2d: transposeConv2dKernel,
  fully_connected: fullyConnectedKernel,
  avg_pool2d: avgPool2dKernel,
  max_pool2d: maxPool2dKernel,
  reshape: reshapeKernel,
  softmax: softmaxKernel,
  add: addKernel,
  sub: subKernel,
  mul: mulKernel,
  mean: meanKernel,
  pad: padKernel,
  transpose: transposeKernel,
  strided_slice: stridedSliceKernel,
  concat: concatKernel,
  quantize: quantizeKernel,
  dequantize: dequantizeKernel,
  logistic: logisticKernel,
  tanh: tanhKernel,
  relu: reluKernel,
  relu6: relu6Kernel,
  relu_n1_to_1: reluN1To1Kernel,
  leaky_relu: leakyReluKernel,
  div: divKernel,
  maximum: maximumKernel,
  compare: compareKernel,
  where: whereKernel,
  minimum: minimumKernel,
  clip: clipKernel,
  hard_sigmoid: hardSigmoidKernel,
  hard_swish: hardSwishKernel,
  exp: expKernel,
  ...UNARY_MATH_KERNELS,
  log: logKernel,
  sqrt: sqrtKernel,
  reciprocal: reciprocalKernel,
  abs: absKernel,
  neg: negKernel,
  reduce_sum: reduceSumKernel,
  reduce_prod: reduceProdKernel,
  arg_reduce: argReduceKernel,
  reduce_max: reduceMaxKernel,
  reduce_min: reduceMinKernel,
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

/** The C kernel of `op`, or a `backend/unsupported-op` diagnostic. */
export function kernelFor(op: AnyOp, opIndex: number, targetId: string, table: KernelTable = C_KERNELS): CKernel<OpKind, any> {
  const kernel = table[op.kind] as CKernel<OpKind, any> | undefined;
  if (kernel === undefined) {
    fail('backend/unsupported-op', `op ${opIndex} (${op.source ?? op.kind} '${op.name}') has no C kernel for target '${targetId}'`, {
      opIndex,
      hint: `the reference executor can run it ('ingot run MODEL'); a C kernel for '${op.kind}' is needed to compile it`,
    });
  }
  return kernel;
}

export type { CKernel, KernelContext, KernelEmission, KernelParam } from './kernel.js';
