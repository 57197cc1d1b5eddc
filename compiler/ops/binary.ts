/**
 * Element-wise binary ops with NumPy broadcasting: ADD, SUB, MUL, DIV,
 * MAXIMUM and MINIMUM are rows of one table, not six files. Four arithmetic
 * modes, fixed at prepare:
 *
 * - `float`: float32, rounded after the operation, clamped to the fused
 *   activation.
 * - `int`: plain integers (tensors without quantization parameters, e.g.
 *   ONNX int8/int32 Add): exact arithmetic wrapped to the element type like
 *   C's cast; division truncates toward zero (x / 0 gives 0).
 * - `fixed`: TFLite quantized arithmetic. ADD/SUB follow TFLite's
 *   general-scale path: both inputs are offset, shifted left (20 bits for
 *   int8, 15 for int16), rescaled to twice the larger input scale, combined,
 *   then rescaled to the output. MUL multiplies the offset inputs and
 *   requantizes by s1·s2/s_out.
 * - `onnx` (`rounding: 'onnx'`): ONNX's QLinearAdd/QLinearMul — dequantize
 *   each input in float32 (s · (q − zp)), combine in float32, divide by the
 *   output scale, round half to even, add the zero point, saturate.
 *
 * MAXIMUM and MINIMUM propagate a NaN of either input (NumPy's maximum, ONNX's
 * Max); on quantized tensors they need one scale and zero point for both
 * inputs and the output (TFLite's rule), and then compare the stored
 * integers, which is exact, as the `int` mode.
 */
import { elementCount, fail, inputAt, intRange, outputAt, type Graph, type Op, type Tensor, type TensorData } from '../ir/index.js';
import {
  multiplyByQuantizedMultiplier,
  multiplyByQuantizedMultiplierSmallerThanOneExp as scaleDown,
  quantizeMultiplier,
  wrapTo,
} from '../quant/fixed-point.js';
import { roundHalfEven } from '../quant/float-requant.js';
import { floatActivationRange, quantizedActivationRange } from './common/activation.js';
import { describeOp, requireDtype, sameTensorQuant } from './common/checks.js';
import { ioCost } from './common/cost.js';
import { broadcastIndex, broadcastShapes, sameShape } from './common/shapes.js';
import { defineOp, type OpDef } from './op-def.js';

type BinaryKind = 'add' | 'sub' | 'mul' | 'div' | 'maximum' | 'minimum';

export interface BinaryPrepared {
  kind: BinaryKind;
  mode: 'float' | 'int' | 'fixed' | 'onnx';
  dtype: 'f32' | 'i8' | 'u8' | 'i16' | 'i32';
  shape1: number[];
  shape2: number[];
  outShape: number[];
  input1Offset: number;
  input2Offset: number;
  outputOffset: number;
  leftShift: number;
  input1Multiplier: number;
  input1Shift: number;
  input2Multiplier: number;
  input2Shift: number;
  outputMultiplier: number;
  outputShift: number;
  /** `onnx` mode: the float32 scales of input 1, input 2 and the output. */
  input1Scale: number;
  input2Scale: number;
  outputScale: number;
  actMin: number;
  actMax: number;
}

type FixedScales = Pick<BinaryPrepared, 'leftShift' | 'input1Multiplier' | 'input1Shift' | 'input2Multiplier' | 'input2Shift' | 'outputMultiplier' | 'outputShift'>;

interface BinaryRow {
  float(a: number, b: number): number;
  /** Exact integer result before wrapping to the element type. */
  int(a: number, b: number): number;
  /** TFLite integer path on offset inputs; absent when TFLite has none. */
  fixed?(a: number, b: number, p: BinaryPrepared): number;
  fixedScales?(in1: Tensor, in2: Tensor, out: Tensor): FixedScales;
}

const NO_FIXED: FixedScales = { leftShift: 0, input1Multiplier: 0, input1Shift: 0, input2Multiplier: 0, input2Shift: 0, outputMultiplier: 0, outputShift: 0 };

/**
 * Add/sub rescaling (TFLite's CalculateOpDataAdd/Sub): everything relative to
 * twice the larger input scale. ADD does the ratios in double; SUB does them
 * in float32 and widens afterwards, and bit-exactness needs each as it is.
 */
function addSubScales(ratiosInFloat32: boolean) {
  return (in1: Tensor, in2: Tensor, out: Tensor): FixedScales => {
    const s1 = in1.quant?.scale[0] ?? 1;
    const s2 = in2.quant?.scale[0] ?? 1;
    const so = out.quant?.scale[0] ?? 1;
    const leftShift = out.dtype === 'i16' ? 15 : 20;
    const f = ratiosInFloat32 ? Math.fround : (x: number) => x;
    const twiceMax = 2 * Math.max(s1, s2);
    const q1 = quantizeMultiplier(f(s1 / twiceMax));
    const q2 = quantizeMultiplier(f(s2 / twiceMax));
    const qo = quantizeMultiplier(f(twiceMax / f((1 << leftShift) * so)));
    return {
      leftShift,
      input1Multiplier: q1.multiplier, input1Shift: q1.shift,
      input2Multiplier: q2.multiplier, input2Shift: q2.shift,
      outputMultiplier: qo.multiplier, outputShift: qo.shift,
    };
  };
}

function addSub(sign: 1 | -1): (a: number, b: number, p: BinaryPrepared) => number {
  return (a, b, p) => {
    const x = scaleDown(Math.imul(a, 1 << p.leftShift), p.input1Multiplier, p.input1Shift);
    const y = scaleDown(Math.imul(b, 1 << p.leftShift), p.input2Multiplier, p.input2Shift);
    return scaleDown((x + sign * y) | 0, p.outputMultiplier, p.outputShift);
  };
}

const ROWS: Record<BinaryKind, BinaryRow> = {
  add: { float: (a, b) => Math.fround(a + b), int: (a, b) => a + b, fixed: addSub(1), fixedScales: addSubScales(false) },
  sub: { float: (a, b) => Math.fround(a - b), int: (a, b) => a - b, fixed: addSub(-1), fixedScales: addSubScales(true) },
  mul: {
    float: (a, b) => Math.fround(a * b),
    int: (a, b) => Math.imul(a, b),
    fixed: (a, b, p) => multiplyByQuantizedMultiplier(Math.imul(a, b), p.outputMultiplier, p.outputShift),
    fixedScales(in1, in2, out) {
      const q = quantizeMultiplier(((in1.quant?.scale[0] ?? 1) * (in2.quant?.scale[0] ?? 1)) / (out.quant?.scale[0] ?? 1));
      return { ...NO_FIXED, outputMultiplier: q.multiplier, outputShift: q.shift };
    },
  },
  div: { float: (a, b) => Math.fround(a / b), int: (a, b) => (b === 0 ? 0 : Math.trunc(a / b)) },
  // a >= b is false when either is NaN: a NaN a is kept, a NaN b passes through.
  maximum: { float: (a, b) => (a >= b || Number.isNaN(a) ? a : b), int: (a, b) => (a >= b ? a : b) },
  minimum: { float: (a, b) => (a <= b || Number.isNaN(a) ? a : b), int: (a, b) => (a <= b ? a : b) },
};

const isExtremum = (kind: BinaryKind): boolean => kind === 'maximum' || kind === 'minimum';



/** A tensor counts as quantized when it carries scales; integer tensors without them are plain integers. */
const isQuantized = (t: Tensor): boolean => t.quant !== undefined;

function defineBinary<K extends BinaryKind>(kind: K): OpDef<K, BinaryPrepared> {
  const row = ROWS[kind];
  return defineOp({
    kind,
    inferShapes(op: Op<K>, g: Graph): number[][] {
      const a = inputAt(g, op, 0);
      const b = inputAt(g, op, 1);
      const out = broadcastShapes(a.shape, b.shape);
      if (!out) fail('shape/mismatch', `${describeOp(op)}: shapes [${a.shape.join(',')}] and [${b.shape.join(',')}] do not broadcast`, { tensor: b.name });
      return [out];
    },
    prepare(op: Op<K>, g: Graph): BinaryPrepared {
      const in1 = inputAt(g, op, 0);
      const in2 = inputAt(g, op, 1);
      const out = outputAt(g, op);
      requireDtype(op, in1, ['f32', 'i8', 'u8', 'i16', 'i32'], 'input 1');
      requireDtype(op, in2, [in1.dtype], 'input 2');
      requireDtype(op, out, [in1.dtype], 'output');
      const attrs = op.attrs as { activation: 'none'; rounding?: 'tflite' | 'onnx' };
      const base = {
        kind, dtype: in1.dtype as BinaryPrepared['dtype'], shape1: in1.shape.slice(), shape2: in2.shape.slice(), outShape: out.shape.slice(),
        input1Offset: 0, input2Offset: 0, outputOffset: 0, ...NO_FIXED, input1Scale: 1, input2Scale: 1, outputScale: 1,
      };
      if (in1.dtype === 'f32') {
        const r = floatActivationRange(attrs.activation);
        return { ...base, mode: 'float', actMin: r.min, actMax: r.max };
      }
      if (!isQuantized(in1) && !isQuantized(in2) && !isQuantized(out)) {
        if (attrs.activation !== 'none') fail('op/unsupported', `${describeOp(op)}: a fused activation on plain integers is not supported`);
        const { min, max } = intRange(out.dtype);
        return { ...base, mode: 'int', actMin: min, actMax: max };
      }
      if (isExtremum(kind)) {
        if (attrs.activation !== 'none' || !sameTensorQuant(in1, in2) || !sameTensorQuant(in1, out)) {
          fail('op/unsupported', `${describeOp(op)}: quantized ${kind} needs one scale and zero point for both inputs and the output, and no fused activation`, { tensor: in2.name });
        }
        const { min, max } = intRange(out.dtype);
        return { ...base, mode: 'int', actMin: min, actMax: max };
      }
      const offsets = {
        input1Offset: -(in1.quant?.zeroPoint[0] ?? 0),
        input2Offset: -(in2.quant?.zeroPoint[0] ?? 0),
        outputOffset: out.quant?.zeroPoint[0] ?? 0,
      };
      const r = quantizedActivationRange(attrs.activation, out);
      if (attrs.rounding === 'onnx') {
        if (kind === 'div') fail('op/unsupported', `${describeOp(op)}: quantized division is not supported`, { hint: 'keep the division in float' });
        const f = Math.fround;
        return {
          ...base, ...offsets, mode: 'onnx',
          input1Scale: f(in1.quant?.scale[0] ?? 1), input2Scale: f(in2.quant?.scale[0] ?? 1), outputScale: f(out.quant?.scale[0] ?? 1),
          actMin: r.min, actMax: r.max,
        };
      }
      if (!row.fixedScales || in1.dtype === 'u8' || in1.dtype === 'i32') {
        return fail('op/unsupported', `${describeOp(op)}: quantized ${in1.dtype} ${kind} is not supported with TFLite arithmetic`, { tensor: in1.name });
      }
      return { ...base, ...offsets, ...row.fixedScales(in1, in2, out), mode: 'fixed', actMin: r.min, actMax: r.max };
    },
    evalRef(p: BinaryPrepared, inputs: ReadonlyArray<TensorData | undefined>, outputs: TensorData[]): void {
      const a = inputs[0] as Float32Array | Int8Array | Int16Array;
      const b = inputs[1] as Float32Array | Int8Array | Int16Array;
      const out = outputs[0]!;
      const n = elementCount(p.outShape);
      const ia = sameShape(p.shape1, p.outShape) ? undefined : broadcastIndex(p.shape1, p.outShape);
      const ib = sameShape(p.shape2, p.outShape) ? undefined : broadcastIndex(p.shape2, p.outShape);
      const f = Math.fround;
      for (let i = 0; i < n; i++) {
        const x = a[ia ? ia[i]! : i]!;
        const y = b[ib ? ib[i]! : i]!;
        let v: number;
        switch (p.mode) {
          case 'float': v = row.float(x, y); break;
          case 'int': out[i] = wrapTo(p.dtype, row.int(x, y)); continue;
          case 'fixed': v = row.fixed!(x + p.input1Offset, y + p.input2Offset, p) + p.outputOffset; break;
          case 'onnx': {
            const real = row.float(f(p.input1Scale * (x + p.input1Offset)), f(p.input2Scale * (y + p.input2Offset)));
            v = roundHalfEven(f(real / p.outputScale)) + p.outputOffset;
            break;
          }
        }
        out[i] = v < p.actMin ? p.actMin : v > p.actMax ? p.actMax : v;
      }
    },
    cost: (op: Op<K>, g: Graph) => ioCost(op, g, elementCount(outputAt(g, op).shape)),
    inPlaceInputs(op: Op<K>, g: Graph): number[] {
      const out = outputAt(g, op);
      return [0, 1].filter((i) => {
        const t = inputAt(g, op, i);
        return t.dtype === out.dtype && sameShape(t.shape, out.shape);
      });
    },
  });
}

export const add = defineBinary('add');
export const sub = defineBinary('sub');
export const mul = defineBinary('mul');
export const div = defineBinary('div');
export const maximum = defineBinary('maximum');
export const minimum = defineBinary('minimum');
