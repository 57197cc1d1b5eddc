/**
 * The closed set of operator kinds and the typed attributes of each.
 *
 * Importers translate their formats' options into these attributes once
 * (e.g. TFLite's SAME/VALID padding becomes explicit pads), so every later
 * stage reads one normalised form. Tensors are NHWC for the spatial ops,
 * except the `*_nchw` kinds: those keep ONNX's channels-first semantics
 * between import and the layout pass (compiler/passes), which rewrites them
 * to the NHWC kinds; backends never see them (`FRONTEND_KINDS`).
 */

/**
 * How an integer op turns its int32 accumulator into the output type.
 * `tflite`: TFLite's fixed-point multiplier and shift (bit-exact with TFLite
 * Micro). `onnx`: float32 scale, round half to even, saturate — what ONNX
 * Runtime's QLinear kernels and the ONNX reference do. Absent means `tflite`.
 */
export type Rounding = 'tflite' | 'onnx';

/** Activation fused into an op's output clamp. */
export type FusedActivation = 'none' | 'relu' | 'relu_n1_to_1' | 'relu6' | 'tanh';

/** Explicit spatial padding; TFLite's SAME puts the odd pixel at the end. */
export interface Pads2d {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface Conv2dAttrs {
  pads: Pads2d;
  strideH: number;
  strideW: number;
  dilationH: number;
  dilationW: number;
  activation: FusedActivation;
  rounding?: Rounding;
}

export interface DepthwiseConv2dAttrs extends Conv2dAttrs {
  depthMultiplier: number;
}

export interface TransposeConv2dAttrs {
  pads: Pads2d;
  strideH: number;
  strideW: number;
  activation: FusedActivation;
}

export interface Pool2dAttrs {
  pads: Pads2d;
  strideH: number;
  strideW: number;
  filterH: number;
  filterW: number;
  activation: FusedActivation;
}

export interface FullyConnectedAttrs {
  activation: FusedActivation;
  keepNumDims: boolean;
  rounding?: Rounding;
}

/** ONNX Conv / ConvInteger / QLinearConv on NCHW input with an [O, C/group, kH, kW] filter. */
export interface ConvNchwAttrs extends Conv2dAttrs {
  group: number;
}

/**
 * ONNX ConvTranspose on NCHW input with a [C, O/group, kH, kW] filter. The
 * pads are ONNX's begin/end pads; `bottom`/`right` may be negative, which is
 * how output_padding and output_shape enlarge the output.
 */
export interface ConvTransposeNchwAttrs {
  pads: Pads2d;
  strideH: number;
  strideW: number;
  group: number;
}

/** Batched matrix product [..., M, K] x [..., K, N] with NumPy broadcasting of the batch dims. */
export interface BatchMatmulAttrs {
  rounding?: Rounding;
}

/** Gather along `axis` with constant int32 indices (input 1). */
export interface GatherAttrs {
  axis: number;
}

export interface ClipAttrs {
  /** Bounds in the tensor's own (real or plain integer) units; ±Infinity when absent. */
  min: number;
  max: number;
}

export interface HardSigmoidAttrs {
  alpha: number;
  beta: number;
}

export interface SoftmaxAttrs {
  beta: number;
}

export interface ConcatAttrs {
  axis: number;
  activation: FusedActivation;
}

export interface BinaryAttrs {
  activation: FusedActivation;
  /** TFLite int16 add/sub: true selects the power-of-two-scale kernel. */
  potScaleInt16: boolean;
  rounding?: Rounding;
}

export interface MeanAttrs {
  axes: number[];
  keepDims: boolean;
}

export interface PadAttrs {
  /** [before, after] per input dimension. */
  paddings: Array<[number, number]>;
}

export interface TransposeAttrs {
  perm: number[];
}

/** A strided slice with masks already resolved: one begin/end/stride per input dim. */
export interface StridedSliceAttrs {
  begin: number[];
  end: number[];
  strides: number[];
  /** Input dims dropped from the output (TFLite's shrink_axis_mask); each has extent 1. */
  squeeze: number[];
}

export interface LeakyReluAttrs {
  alpha: number;
}

export interface UnsupportedAttrs {
  /** The operator's name in its source format, e.g. `UNIDIRECTIONAL_SEQUENCE_LSTM`. */
  sourceOp: string;
}

export type NoAttrs = Record<string, never>;

/** The test a `compare` op applies: an ordering of two values, or a logical combination of two booleans. */
export type CompareTest = 'equal' | 'less' | 'less_equal' | 'greater' | 'greater_equal' | 'and' | 'or' | 'xor';

export interface ArgReduceAttrs {
  /** ArgMax (true) or ArgMin (false). */
  max: boolean;
  axis: number;
  keepDims: boolean;
  /** Ties go to the last index instead of the first. */
  selectLastIndex: boolean;
}

export interface CompareAttrs {
  test: CompareTest;
}

/** A TFLite Micro fixed-point multiplier: [multiplier, shift] (shift > 0 is a left shift). */
export type QuantizedScale = [number, number];

/**
 * TFLite Micro's integer UNIDIRECTIONAL_SEQUENCE_LSTM (int8 input and hidden
 * state, int8 weights, int16 cell state), everything its Prepare derives.
 * Gates are in TFLite's order: input, forget, cell, output.
 */
export interface SequenceLstmAttrs {
  /** Input [time, batch, input] (else [batch, time, input]). */
  timeMajor: boolean;
  /** Each gate's input projection x → Q3.12 gate input. */
  inputScales: QuantizedScale[];
  /** Each gate's recurrent projection h → Q3.12. */
  recurrentScales: QuantizedScale[];
  /** forget ⊙ cell → cell, input ⊙ cell gate → cell, output ⊙ tanh(cell) → hidden. */
  forgetCell: QuantizedScale;
  inputCell: QuantizedScale;
  hidden: QuantizedScale;
  hiddenZeroPoint: number;
  /** The int16 tanh of the cell state: [multiplier, left shift] (multiplier 0: 3 << shift). */
  cellTanh: [number, number];
  /** The cell clip in cell units (0: none). */
  cellClip: number;
  /** The cell gate's activation. */
  cellGate: 'tanh' | 'sigmoid';
}

/**
 * TFLite's float32 UNIDIRECTIONAL_SEQUENCE_LSTM (no peepholes, projection,
 * layer normalisation or CIFG; tanh cell activation). Gates in TFLite's
 * order: input, forget, cell, output.
 */
export interface SequenceLstmFloatAttrs {
  /** Input [time, batch, input] (else [batch, time, input]). */
  timeMajor: boolean;
  /** The cell is clipped to ±cellClip after each step (0: not clipped). */
  cellClip: number;
}

/**
 * TFLite Micro's integer SVDF (int8 input and weights_feature, int8 or
 * int16 weights_time and state), with what its Prepare derives.
 */
export interface SvdfAttrs {
  rank: number;
  /** input·weights_feature → state units. */
  featureScale: QuantizedScale;
  /** state·weights_time → output units. */
  outputScale: QuantizedScale;
  inputZeroPoint: number;
  stateZeroPoint: number;
  outputZeroPoint: number;
}

/**
 * TFLite Micro's signal operators (the audio front end): custom operators
 * whose options come from their FlexBuffer maps. Unsigned 32- and 64-bit
 * values between them are stored as int32 / int64 bit patterns.
 */
export interface SignalWindowAttrs {
  /** Right shift of each sample·weight product. */
  shift: number;
}

export interface SignalRfftAttrs {
  fftLength: number;
}

export interface SignalEnergyAttrs {
  /** The bins [startIndex, endIndex) get their energy. */
  startIndex: number;
  endIndex: number;
}

export interface SignalFilterBankAttrs {
  numChannels: number;
}

export interface SignalSpectralSubtractionAttrs {
  numChannels: number;
  /** Even channels' noise smoothing weights (Q of spectralSubtractionBits), odd channels' alternates. */
  smoothing: number;
  oneMinusSmoothing: number;
  alternateSmoothing: number;
  alternateOneMinusSmoothing: number;
  smoothingBits: number;
  spectralSubtractionBits: number;
  minSignalRemaining: number;
  clamping: boolean;
}

export interface SignalPcanAttrs {
  snrShift: number;
}

export interface SignalFilterBankLogAttrs {
  inputCorrectionBits: number;
  outputScale: number;
}

export interface OpAttrs {
  conv2d: Conv2dAttrs;
  depthwise_conv2d: DepthwiseConv2dAttrs;
  transpose_conv2d: TransposeConv2dAttrs;
  fully_connected: FullyConnectedAttrs;
  avg_pool2d: Pool2dAttrs;
  max_pool2d: Pool2dAttrs;
  reshape: NoAttrs;
  softmax: SoftmaxAttrs;
  add: BinaryAttrs;
  sub: BinaryAttrs;
  mul: BinaryAttrs;
  mean: MeanAttrs;
  pad: PadAttrs;
  transpose: TransposeAttrs;
  strided_slice: StridedSliceAttrs;
  concat: ConcatAttrs;
  quantize: NoAttrs;
  dequantize: NoAttrs;
  logistic: NoAttrs;
  tanh: NoAttrs;
  relu: NoAttrs;
  relu6: NoAttrs;
  relu_n1_to_1: NoAttrs;
  leaky_relu: LeakyReluAttrs;
  div: BinaryAttrs;
  maximum: BinaryAttrs;
  minimum: BinaryAttrs;
  compare: CompareAttrs;
  where: NoAttrs;
  clip: ClipAttrs;
  hard_sigmoid: HardSigmoidAttrs;
  hard_swish: NoAttrs;
  exp: NoAttrs;
  sin: NoAttrs;
  cos: NoAttrs;
  tan: NoAttrs;
  asin: NoAttrs;
  acos: NoAttrs;
  atan: NoAttrs;
  sinh: NoAttrs;
  cosh: NoAttrs;
  asinh: NoAttrs;
  acosh: NoAttrs;
  atanh: NoAttrs;
  erf: NoAttrs;
  sign: NoAttrs;
  floor: NoAttrs;
  ceil: NoAttrs;
  round: NoAttrs;
  log: NoAttrs;
  sqrt: NoAttrs;
  reciprocal: NoAttrs;
  abs: NoAttrs;
  neg: NoAttrs;
  reduce_sum: MeanAttrs;
  reduce_prod: MeanAttrs;
  arg_reduce: ArgReduceAttrs;
  reduce_max: MeanAttrs;
  reduce_min: MeanAttrs;
  batch_matmul: BatchMatmulAttrs;
  gather: GatherAttrs;
  gather_elements: GatherAttrs;
  sequence_lstm: SequenceLstmAttrs;
  sequence_lstm_float: SequenceLstmFloatAttrs;
  svdf: SvdfAttrs;
  cast: NoAttrs;
  signal_window: SignalWindowAttrs;
  signal_fft_auto_scale: NoAttrs;
  signal_rfft: SignalRfftAttrs;
  signal_energy: SignalEnergyAttrs;
  signal_filter_bank: SignalFilterBankAttrs;
  signal_filter_bank_sqrt: NoAttrs;
  signal_spectral_subtraction: SignalSpectralSubtractionAttrs;
  signal_pcan: SignalPcanAttrs;
  signal_filter_bank_log: SignalFilterBankLogAttrs;
  quantize_linear: NoAttrs;
  conv_nchw: ConvNchwAttrs;
  conv_transpose_nchw: ConvTransposeNchwAttrs;
  max_pool_nchw: Pool2dAttrs;
  avg_pool_nchw: Pool2dAttrs;
  unsupported: UnsupportedAttrs;
}

export type OpKind = keyof OpAttrs;

export const OP_KINDS: readonly OpKind[] = [
  'conv2d', 'depthwise_conv2d', 'transpose_conv2d', 'fully_connected', 'avg_pool2d', 'max_pool2d',
  'reshape', 'softmax', 'add', 'sub', 'mul', 'mean', 'pad', 'transpose', 'strided_slice', 'concat',
  'quantize', 'dequantize', 'logistic', 'tanh', 'relu', 'relu6', 'relu_n1_to_1', 'leaky_relu',
  'div', 'maximum', 'minimum', 'compare', 'where', 'clip', 'hard_sigmoid', 'hard_swish', 'exp', 'log', 'sqrt', 'reciprocal', 'abs', 'neg',
  'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'asinh', 'acosh', 'atanh', 'erf', 'sign', 'floor', 'ceil', 'round',
  'reduce_sum', 'reduce_prod', 'arg_reduce', 'reduce_max', 'reduce_min', 'batch_matmul', 'gather', 'gather_elements', 'sequence_lstm', 'sequence_lstm_float', 'svdf', 'cast', 'quantize_linear',
  'signal_window', 'signal_fft_auto_scale', 'signal_rfft', 'signal_energy', 'signal_filter_bank', 'signal_filter_bank_sqrt',
  'signal_spectral_subtraction', 'signal_pcan', 'signal_filter_bank_log',
  'conv_nchw', 'conv_transpose_nchw', 'max_pool_nchw', 'avg_pool_nchw',
  'unsupported',
];

/** Kinds with ONNX's channels-first semantics: the layout pass lowers them; no backend implements them. */
export const FRONTEND_KINDS: readonly OpKind[] = ['conv_nchw', 'conv_transpose_nchw', 'max_pool_nchw', 'avg_pool_nchw'];
