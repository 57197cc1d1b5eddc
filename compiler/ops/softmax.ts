/**
 * SOFTMAX over the last dimension. float32: exp(beta·(x - max)) / Σ in
 * float32. int8 in, int8 out: TFLite's fixed-point softmax — input
 * differences scaled into Q5.26, exp via gemmlowp, sum in Q12.19, one
 * reciprocal per row, output offset by -128 (the output must be scale 1/256,
 * zero point -128, as TFLite requires) — or, for an int16 output, by -32768
 * at scale 1/65536 (TFLite Micro's int8 → int16 softmax, the same arithmetic
 * keeping 16 bits).
 */
import { elementCount, fail, inputAt, outputAt, type Graph, type Op, type TensorData } from '../ir/index.js';
import { quantizeMultiplier, multiplyByQuantizedMultiplierGreaterThanOne, roundingDivideByPOT, saturatingRoundingDoublingHighMul } from '../quant/fixed-point.js';
import { expOnNegativeValues, getReciprocal, rescale } from '../quant/gemmlowp.js';
import { describeOp, requireDtype } from './common/checks.js';
import { ioCost } from './common/cost.js';
import { defineOp } from './op-def.js';

const SCALED_DIFF_INTEGER_BITS = 5;
const ACCUMULATION_INTEGER_BITS = 12;

export interface SoftmaxPrepared {
  dtype: 'f32' | 'i8';
  rows: number;
  depth: number;
  beta: number;
  inputMultiplier: number;
  inputLeftShift: number;
  diffMin: number;
  /** Bits of the quantized output: 8 (int8) or 16 (int16). */
  outBits: 8 | 16;
}

export const softmax = defineOp({
  kind: 'softmax',
  inferShapes(op: Op<'softmax'>, g: Graph): number[][] {
    return [inputAt(g, op, 0).shape.slice()];
  },
  prepare(op: Op<'softmax'>, g: Graph): SoftmaxPrepared {
    const input = inputAt(g, op, 0);
    const output = outputAt(g, op);
    requireDtype(op, input, ['f32', 'i8'], 'input');
    requireDtype(op, output, input.dtype === 'i8' ? ['i8', 'i16'] : [input.dtype], 'output');
    const depth = input.shape[input.shape.length - 1] ?? 1;
    const base = { rows: elementCount(input.shape) / depth, depth, beta: op.attrs.beta };
    if (input.dtype === 'f32') return { ...base, dtype: 'f32', inputMultiplier: 0, inputLeftShift: 0, diffMin: 0, outBits: 8 };
    const outBits = output.dtype === 'i16' ? 16 : 8;
    const outZp = output.quant?.zeroPoint[0];
    const outScale = output.quant?.scale[0];
    const [wantZp, wantScale] = [-(2 ** (outBits - 1)), 2 ** -outBits];
    if (outZp !== wantZp || outScale === undefined || Math.abs(outScale - wantScale) > 0.001 * wantScale) {
      fail('op/unsupported', `${describeOp(op)}: an ${output.dtype} softmax output must have scale 1/${2 ** outBits} and zero point ${wantZp} (got ${outScale}, ${outZp})`, { tensor: output.name });
    }
    // PreprocessSoftmaxScaling: beta · input_scale in Q(5).26, capped below 2^31.
    const real = Math.min(op.attrs.beta * (input.quant?.scale[0] ?? 1) * 2 ** (31 - SCALED_DIFF_INTEGER_BITS), 2 ** 31 - 1);
    const q = quantizeMultiplier(real);
    // CalculateInputRadius: the largest difference that still rescales into range.
    const radius = Math.floor((((1 << SCALED_DIFF_INTEGER_BITS) - 1) * 2 ** (31 - SCALED_DIFF_INTEGER_BITS)) / 2 ** q.shift);
    return { ...base, dtype: 'i8', inputMultiplier: q.multiplier, inputLeftShift: q.shift, diffMin: -radius, outBits };
  },
  evalRef(p: SoftmaxPrepared, inputs: ReadonlyArray<TensorData | undefined>, outputs: TensorData[]): void {
    if (p.dtype === 'f32') evalFloat(p, inputs[0] as Float32Array, outputs[0] as Float32Array);
    else evalInt8(p, inputs[0] as Int8Array, outputs[0] as Int8Array | Int16Array);
  },
  cost: (op: Op<'softmax'>, g: Graph) => ioCost(op, g, elementCount(inputAt(g, op, 0).shape)),
});

function evalFloat(p: SoftmaxPrepared, input: Float32Array, out: Float32Array): void {
  const beta = Math.fround(p.beta);
  for (let r = 0; r < p.rows; r++) {
    const base = r * p.depth;
    let max = -3.4028234663852886e38;
    for (let c = 0; c < p.depth; c++) max = Math.max(max, input[base + c]!);
    let sum = 0;
    for (let c = 0; c < p.depth; c++) {
      const e = Math.fround(Math.exp(Math.fround(Math.fround(input[base + c]! - max) * beta)));
      out[base + c] = e;
      sum = Math.fround(sum + e);
    }
    for (let c = 0; c < p.depth; c++) out[base + c] = Math.fround(out[base + c]! / sum);
  }
}

function evalInt8(p: SoftmaxPrepared, input: Int8Array, out: Int8Array | Int16Array): void {
  const min = -(2 ** (p.outBits - 1));
  const max16 = 2 ** (p.outBits - 1) - 1;
  for (let r = 0; r < p.rows; r++) {
    const base = r * p.depth;
    let max = -128;
    for (let c = 0; c < p.depth; c++) max = Math.max(max, input[base + c]!);
    let sumOfExps = 0;
    for (let c = 0; c < p.depth; c++) {
      const diff = input[base + c]! - max;
      if (diff >= p.diffMin) {
        const scaled = multiplyByQuantizedMultiplierGreaterThanOne(diff, p.inputMultiplier, p.inputLeftShift);
        sumOfExps = (sumOfExps + rescale(expOnNegativeValues(scaled, SCALED_DIFF_INTEGER_BITS), 0, ACCUMULATION_INTEGER_BITS)) | 0;
      }
    }
    const { reciprocal, bitsOverUnit } = getReciprocal(sumOfExps, ACCUMULATION_INTEGER_BITS);
    for (let c = 0; c < p.depth; c++) {
      const diff = input[base + c]! - max;
      if (diff >= p.diffMin) {
        const scaled = multiplyByQuantizedMultiplierGreaterThanOne(diff, p.inputMultiplier, p.inputLeftShift);
        const exp = expOnNegativeValues(scaled, SCALED_DIFF_INTEGER_BITS);
        const unsat = roundingDivideByPOT(saturatingRoundingDoublingHighMul(reciprocal, exp), bitsOverUnit + 31 - p.outBits);
        const shifted = unsat + min;
        out[base + c] = shifted > max16 ? max16 : shifted < min ? min : shifted;
      } else {
        out[base + c] = min;
      }
    }
  }
}
