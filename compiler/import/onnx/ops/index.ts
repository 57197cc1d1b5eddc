/**
 * The ONNX operator table: op type → converter. One row per supported
 * operator of the default domain; anything else is reported as unsupported
 * with the node's name.
 */
import type { ConstTensor, NodeContext } from '../context.js';
import { foldElementwise } from './fold.js';
import { convertGemm, convertMatMul, convertMatMulInteger, convertQLinearMatMul } from './matmul.js';
import {
  convertArgReduce, convertBinary, convertClip, convertCompare, convertExtremum, convertNot, convertWhere, convertHardSigmoid, convertLeakyRelu, convertReduce, convertSoftmax, convertUnary,
} from './math.js';
import {
  convertAveragePool, convertBatchNormalization, convertConv, convertConvInteger, convertConvTranspose, convertGlobalPool,
  convertMaxPool, convertQLinearConv,
} from './nn.js';
import { convertDequantizeLinear, convertQuantizeLinear } from './quant.js';
import { convertResize, convertUpsample } from './resize.js';
import {
  convertCumSum, convertDepthToSpace, convertGroupNormalization, convertHardmax, convertInstanceNormalization, convertOneHot, convertSpaceToDepth, convertTile,
} from './layout-forms.js';
import { convertAttention } from './attention.js';
import {
  convertCelu, convertElu, convertGelu, convertLpNormalization, convertMish, convertSelu, convertShrink, convertSoftplus, convertSoftsign, convertSum,
  convertThresholdedRelu, convertTrilu,
} from './activation-forms.js';
import { convertLayerNormalization, convertLogSoftmax, convertPow, convertPRelu, convertReduceComposite, convertRmsNormalization, convertSplit } from './composite.js';
import {
  convertCast, convertCastLike, convertConcat, convertConstant, convertConstantOfShape, convertExpand, convertFlatten, convertGather,
  convertIdentity, convertPad, convertRange, convertReshape, convertShape, convertSize, convertSlice, convertSqueeze, convertTranspose,
  convertUnsqueeze,
} from './shape.js';
import { foldIfConstant } from './math.js';

export type Converter = (c: NodeContext) => void;

/** GatherElements: indices constant or computed at run time. */
function convertGatherElements(c: NodeContext): void {
  const x = c.tensor(0);
  c.emit('gather_elements', { axis: c.attrs.int('axis', 0) }, [c.input(0), c.input(1)], { output: 0, dtype: x.dtype, ...(x.quant ? { quant: x.quant } : {}) });
}

/** Mod on constants (shape arithmetic), in the sign convention its fmod attribute picks. */
function convertMod(c: NodeContext): void {
  const operands = [0, 1].map((i) => (c.isConstant(i) ? c.tryConstant(i) : undefined));
  const folded = operands.every((o) => o !== undefined) ? foldElementwise(c.attrs.int('fmod', 0) === 1 ? 'FMod' : 'Mod', operands as ConstTensor[]) : undefined;
  if (!folded) c.fail('onnx/unsupported-op', 'Mod is only supported on constant inputs (shape arithmetic)', 'simplify the model (e.g. onnxsim) or replace this op');
  c.bindConstant(0, folded.dtype, folded.shape, folded.data);
}

/** Ops only evaluated on constants (shape arithmetic); a run-time use is unsupported. */
function constantOnly(c: NodeContext): void {
  if (!foldIfConstant(c)) c.fail('onnx/unsupported-op', `${c.node.opType} is only supported on constant inputs (shape arithmetic)`, 'simplify the model (e.g. onnxsim) or replace this op');
}

export const ONNX_OPS: Record<string, Converter> = {
  Conv: convertConv,
  ConvInteger: convertConvInteger,
  QLinearConv: convertQLinearConv,
  ConvTranspose: convertConvTranspose,
  MaxPool: convertMaxPool,
  AveragePool: convertAveragePool,
  GlobalAveragePool: convertGlobalPool('mean'),
  GlobalMaxPool: convertGlobalPool('reduce_max'),
  BatchNormalization: convertBatchNormalization,
  Gemm: convertGemm,
  MatMul: convertMatMul,
  MatMulInteger: convertMatMulInteger,
  QLinearMatMul: convertQLinearMatMul,
  Add: convertBinary('add'),
  Sub: convertBinary('sub'),
  Mul: convertBinary('mul'),
  Div: convertBinary('div'),
  Relu: convertUnary('relu'),
  Sigmoid: convertUnary('logistic'),
  Tanh: convertUnary('tanh'),
  Exp: convertUnary('exp'),
  Sin: convertUnary('sin'),
  Cos: convertUnary('cos'),
  Tan: convertUnary('tan'),
  Asin: convertUnary('asin'),
  Acos: convertUnary('acos'),
  Atan: convertUnary('atan'),
  Sinh: convertUnary('sinh'),
  Cosh: convertUnary('cosh'),
  Asinh: convertUnary('asinh'),
  Acosh: convertUnary('acosh'),
  Atanh: convertUnary('atanh'),
  Erf: convertUnary('erf'),
  Sign: convertUnary('sign'),
  Floor: convertUnary('floor'),
  Ceil: convertUnary('ceil'),
  Round: convertUnary('round'),
  Log: convertUnary('log'),
  Sqrt: convertUnary('sqrt'),
  Reciprocal: convertUnary('reciprocal'),
  Abs: convertUnary('abs'),
  Neg: convertUnary('neg'),
  HardSwish: convertUnary('hard_swish'),
  HardSigmoid: convertHardSigmoid,
  LeakyRelu: convertLeakyRelu,
  Clip: convertClip,
  Softmax: convertSoftmax,
  LogSoftmax: convertLogSoftmax,
  LayerNormalization: convertLayerNormalization,
  RMSNormalization: convertRmsNormalization,
  PRelu: convertPRelu,
  Pow: convertPow,
  ReduceSumSquare: convertReduceComposite('ReduceSumSquare'),
  ReduceL1: convertReduceComposite('ReduceL1'),
  ReduceL2: convertReduceComposite('ReduceL2'),
  ReduceLogSum: convertReduceComposite('ReduceLogSum'),
  ReduceLogSumExp: convertReduceComposite('ReduceLogSumExp'),
  Split: convertSplit,
  Resize: convertResize,
  Upsample: convertUpsample,
  Tile: convertTile,
  DepthToSpace: convertDepthToSpace,
  SpaceToDepth: convertSpaceToDepth,
  InstanceNormalization: convertInstanceNormalization,
  GroupNormalization: convertGroupNormalization,
  CumSum: convertCumSum,
  Hardmax: convertHardmax,
  OneHot: convertOneHot,
  Attention: convertAttention,
  Elu: convertElu,
  Selu: convertSelu,
  Celu: convertCelu,
  Softplus: convertSoftplus,
  Softsign: convertSoftsign,
  ThresholdedRelu: convertThresholdedRelu,
  Mish: convertMish,
  Shrink: convertShrink,
  Gelu: convertGelu,
  Sum: convertSum,
  LpNormalization: convertLpNormalization,
  Trilu: convertTrilu,
  ReduceMean: convertReduce('mean'),
  ReduceSum: convertReduce('reduce_sum'),
  ReduceProd: convertReduce('reduce_prod'),
  ArgMax: convertArgReduce(true),
  ArgMin: convertArgReduce(false),
  ReduceMax: convertReduce('reduce_max'),
  ReduceMin: convertReduce('reduce_min'),
  QuantizeLinear: convertQuantizeLinear,
  DequantizeLinear: convertDequantizeLinear,
  Constant: convertConstant,
  Identity: convertIdentity,
  Dropout: convertIdentity,
  Shape: convertShape,
  Size: convertSize,
  Reshape: convertReshape,
  Flatten: convertFlatten,
  Squeeze: convertSqueeze,
  Unsqueeze: convertUnsqueeze,
  Transpose: convertTranspose,
  Concat: convertConcat,
  Pad: convertPad,
  Slice: convertSlice,
  Gather: convertGather,
  GatherElements: convertGatherElements,
  Cast: convertCast,
  CastLike: convertCastLike,
  ConstantOfShape: convertConstantOfShape,
  Range: convertRange,
  Expand: convertExpand,
  Equal: convertCompare('equal'),
  Less: convertCompare('less'),
  Greater: convertCompare('greater'),
  LessOrEqual: convertCompare('less_equal'),
  GreaterOrEqual: convertCompare('greater_equal'),
  Not: convertNot,
  And: convertCompare('and'),
  Or: convertCompare('or'),
  Xor: convertCompare('xor'),
  Where: convertWhere,
  Max: convertExtremum('maximum'),
  Min: convertExtremum('minimum'),
  Mod: convertMod,
};
