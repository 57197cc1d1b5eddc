/**
 * Element-wise activations as rows of one table: LOGISTIC, TANH, RELU,
 * RELU6, RELU_N1_TO_1 and LEAKY_RELU, each in float32 and int8 (LEAKY_RELU
 * and RELU also int16).
 *
 * Integer rows follow TFLite's kernels: logistic and tanh rescale the input
 * into Q4.27 and run gemmlowp's fixed-point functions; relu-style rows
 * requantize with s_in/s_out and clamp; leaky relu picks one of two
 * multipliers by the sign of the offset input.
 */
import { elementCount, fail, inputAt, intRange, outputAt, type Graph, type Op, type Tensor, type TensorData } from '../ir/index.js';
import { clamp, frexp, multiplyByQuantizedMultiplier, quantizeMultiplier, roundHalfAway, roundingDivideByPOT } from '../quant/fixed-point.js';
import { logistic as fixedLogistic, tanh as fixedTanh } from '../quant/gemmlowp.js';
import { describeOp, requireDtype, sameDtypeInOut } from './common/checks.js';
import { ioCost } from './common/cost.js';
import { defineOp, type OpDef } from './op-def.js';

type ActivationKind = 'logistic' | 'tanh' | 'relu' | 'relu6' | 'relu_n1_to_1' | 'leaky_relu';

export interface ActivationPrepared {
  kind: ActivationKind;
  dtype: 'f32' | 'i8' | 'i16';
  count: number;
  inputZeroPoint: number;
  outputZeroPoint: number;
  /** Requantization for x >= 0 (and for every x in relu rows). */
  multiplier: number;
  shift: number;
  /** Leaky relu: requantization for x < 0 (alpha folded in). */
  negMultiplier: number;
  negShift: number;
  /** Logistic/tanh: inputs beyond ±radius saturate. */
  rangeRadius: number;
  qmin: number;
  qmax: number;
  alpha: number;
}

const INPUT_INTEGER_BITS = 4;

interface ActivationRow {
  dtypes: ReadonlyArray<'f32' | 'i8' | 'i16'>;
  float(x: number, alpha: number): number;
  prepareInt(input: Tensor, output: Tensor, alpha: number): Partial<ActivationPrepared>;
  int(q: number, p: ActivationPrepared): number;
}

/** TFLite's logistic/tanh prepare: input scale · 2^27 as frexp mantissa and exponent. */
function fixedPointInput(input: Tensor): Partial<ActivationPrepared> {
  const real = (input.quant?.scale[0] ?? 1) * 2 ** (31 - INPUT_INTEGER_BITS);
  const { mantissa, exponent } = frexp(real);
  const radius = Math.floor((((1 << INPUT_INTEGER_BITS) - 1) * 2 ** (31 - INPUT_INTEGER_BITS)) / 2 ** exponent);
  return { multiplier: roundHalfAway(mantissa * 2 ** 31), shift: exponent, rangeRadius: radius };
}

/** Relu-family prepare: requantize by s_in/s_out, clamp to [lo, hi] quantized with the output scale. */
function reluRange(lo: number, hi: number) {
  return (input: Tensor, output: Tensor): Partial<ActivationPrepared> => {
    const q = quantizeMultiplier((input.quant?.scale[0] ?? 1) / (output.quant?.scale[0] ?? 1));
    const { min, max } = intRange(output.dtype);
    const zp = output.quant?.zeroPoint[0] ?? 0;
    const s = output.quant?.scale[0] ?? 1;
    return {
      multiplier: q.multiplier, shift: q.shift,
      qmin: Math.max(min, zp + roundHalfAway(Math.fround(lo / s))),
      qmax: hi === Infinity ? max : Math.min(max, zp + roundHalfAway(Math.fround(hi / s))),
    };
  };
}

const requantizeClamp = (q: number, p: ActivationPrepared): number =>
  clamp(p.outputZeroPoint + multiplyByQuantizedMultiplier(q - p.inputZeroPoint, p.multiplier, p.shift), p.qmin, p.qmax);

const ROWS: Record<ActivationKind, ActivationRow> = {
  logistic: {
    dtypes: ['f32', 'i8'],
    float(x) {
      const v = Math.fround(x);
      if (v > 16.619047164916992) return 1;
      if (v < -9) return Math.fround(Math.exp(v));
      return Math.fround(1 / Math.fround(1 + Math.fround(Math.exp(-v))));
    },
    prepareInt: (input) => fixedPointInput(input),
    int(q, p) {
      const x = q - p.inputZeroPoint;
      if (x <= -p.rangeRadius) return -128;
      if (x >= p.rangeRadius) return 127;
      const inQ4 = multiplyByQuantizedMultiplier(x, p.multiplier, p.shift);
      const out = roundingDivideByPOT(fixedLogistic(inQ4, INPUT_INTEGER_BITS), 23);
      return clamp(out - 128, -128, 127);
    },
  },
  tanh: {
    dtypes: ['f32', 'i8'],
    float: (x) => Math.fround(Math.tanh(x)),
    prepareInt: (input) => fixedPointInput(input),
    int(q, p) {
      const x = q - p.inputZeroPoint;
      if (x <= -p.rangeRadius) return -128;
      if (x >= p.rangeRadius) return 127;
      const inQ4 = multiplyByQuantizedMultiplier(x, p.multiplier, p.shift);
      return clamp(roundingDivideByPOT(fixedTanh(inQ4, INPUT_INTEGER_BITS), 24), -128, 127);
    },
  },
  relu: { dtypes: ['f32', 'i8', 'i16'], float: (x) => Math.max(0, x), prepareInt: reluRange(0, Infinity), int: requantizeClamp },
  relu6: { dtypes: ['f32', 'i8'], float: (x) => Math.min(6, Math.max(0, x)), prepareInt: reluRange(0, 6), int: requantizeClamp },
  relu_n1_to_1: { dtypes: ['f32', 'i8'], float: (x) => Math.min(1, Math.max(-1, x)), prepareInt: reluRange(-1, 1), int: requantizeClamp },
  leaky_relu: {
    dtypes: ['f32', 'i8', 'i16'],
    float: (x, alpha) => (x > 0 ? x : Math.fround(x * alpha)),
    prepareInt(input, output, alpha) {
      // TFLite computes both ratios in float32 before widening to double.
      const si = input.quant?.scale[0] ?? 1;
      const so = output.quant?.scale[0] ?? 1;
      const neg = quantizeMultiplier(Math.fround(Math.fround(si * alpha) / so));
      const pos = quantizeMultiplier(Math.fround(si / so));
      return { multiplier: pos.multiplier, shift: pos.shift, negMultiplier: neg.multiplier, negShift: neg.shift };
    },
    int(q, p) {
      const x = q - p.inputZeroPoint;
      const v = x >= 0 ? multiplyByQuantizedMultiplier(x, p.multiplier, p.shift) : multiplyByQuantizedMultiplier(x, p.negMultiplier, p.negShift);
      return clamp(p.outputZeroPoint + v, p.qmin, p.qmax);
    },
  },
};

function defineActivation<K extends ActivationKind>(kind: K): OpDef<K, ActivationPrepared> {
  const row = ROWS[kind];
  return defineOp({
    kind,
    inferShapes: (op: Op<K>, g: Graph) => [inputAt(g, op, 0).shape.slice()],
    prepare(op: Op<K>, g: Graph): ActivationPrepared {
      const { input, output } = sameDtypeInOut(op, g);
      requireDtype(op, input, row.dtypes, 'input');
      const alpha = kind === 'leaky_relu' ? (op.attrs as { alpha: number }).alpha : 0;
      const { min, max } = input.dtype === 'f32' ? { min: 0, max: 0 } : intRange(output.dtype);
      const base: ActivationPrepared = {
        kind, dtype: input.dtype as ActivationPrepared['dtype'], count: elementCount(input.shape),
        inputZeroPoint: input.quant?.zeroPoint[0] ?? 0, outputZeroPoint: output.quant?.zeroPoint[0] ?? 0,
        multiplier: 0, shift: 0, negMultiplier: 0, negShift: 0, rangeRadius: 0, qmin: min, qmax: max, alpha,
      };
      if (input.dtype === 'f32') return base;
      if ((kind === 'logistic' || kind === 'tanh') && (output.quant?.zeroPoint[0] !== (kind === 'logistic' ? -128 : 0))) {
        fail('op/unsupported', `${describeOp(op)}: int8 ${kind} needs output zero point ${kind === 'logistic' ? -128 : 0} (scale ${kind === 'logistic' ? '1/256' : '1/128'})`, { tensor: output.name });
      }
      return { ...base, ...row.prepareInt(input, output, alpha) };
    },
    evalRef(p: ActivationPrepared, inputs: ReadonlyArray<TensorData | undefined>, outputs: TensorData[]): void {
      const input = inputs[0] as Float32Array | Int8Array | Int16Array;
      const out = outputs[0]!;
      if (p.dtype === 'f32') for (let i = 0; i < p.count; i++) out[i] = row.float(input[i]!, p.alpha);
      else for (let i = 0; i < p.count; i++) out[i] = row.int(input[i]!, p);
    },
    cost: (op: Op<K>, g: Graph) => ioCost(op, g, elementCount(outputAt(g, op).shape)),
    inPlaceInputs: () => [0],
  });
}

export const logistic = defineActivation('logistic');
export const tanh = defineActivation('tanh');
export const relu = defineActivation('relu');
export const relu6 = defineActivation('relu6');
export const reluN1To1 = defineActivation('relu_n1_to_1');
export const leakyRelu = defineActivation('leaky_relu');

/** Float32 logistic as the LOGISTIC op computes it, for kernels that apply it inside (the float LSTM's gates). */
export const floatLogistic = (x: number): number => ROWS.logistic.float(x, 0);
/** Float32 tanh as the TANH op computes it. */
export const floatTanh = (x: number): number => ROWS.tanh.float(x, 0);
