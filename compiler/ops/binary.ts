/**
 * Element-wise binary ops with NumPy broadcasting: ADD, SUB and MUL are rows
 * of one table, not three files.
 *
 * Quantized ADD/SUB follow TFLite's general-scale path: both inputs are
 * offset, shifted left (20 bits for int8, 15 for int16), rescaled to twice
 * the larger input scale, combined, then rescaled to the output. MUL
 * multiplies the offset inputs and requantizes by s1·s2/s_out. Float ops
 * compute in float32 and clamp to the fused activation.
 */
import { elementCount, fail, inputAt, outputAt, type Graph, type Op, type Tensor, type TensorData } from '../ir/index.js';
import {
  multiplyByQuantizedMultiplier,
  multiplyByQuantizedMultiplierSmallerThanOneExp as scaleDown,
  quantizeMultiplier,
} from '../quant/fixed-point.js';
import { floatActivationRange, quantizedActivationRange } from './common/activation.js';
import { describeOp, requireDtype } from './common/checks.js';
import { ioCost } from './common/cost.js';
import { broadcastIndex, broadcastShapes, sameShape } from './common/shapes.js';
import { defineOp, type OpDef } from './op-def.js';

type BinaryKind = 'add' | 'sub' | 'mul';

export interface BinaryPrepared {
  kind: BinaryKind;
  dtype: 'f32' | 'i8' | 'i16' | 'i32';
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
  actMin: number;
  actMax: number;
}

interface BinaryRow {
  float(a: number, b: number): number;
  /** Integer path on offset inputs, given the prepared constants. */
  quantized(a: number, b: number, p: BinaryPrepared): number;
  /** Requantization constants for the integer path. */
  scales(in1: Tensor, in2: Tensor, out: Tensor): Pick<BinaryPrepared, 'leftShift' | 'input1Multiplier' | 'input1Shift' | 'input2Multiplier' | 'input2Shift' | 'outputMultiplier' | 'outputShift'>;
}

/**
 * Add/sub rescaling (TFLite's CalculateOpDataAdd/Sub): everything relative to
 * twice the larger input scale. ADD does the ratios in double; SUB does them
 * in float32 and widens afterwards, and bit-exactness needs each as it is.
 */
function addSubScales(ratiosInFloat32: boolean) {
  return (in1: Tensor, in2: Tensor, out: Tensor) => {
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
  add: { float: (a, b) => Math.fround(a + b), quantized: addSub(1), scales: addSubScales(false) },
  sub: { float: (a, b) => Math.fround(a - b), quantized: addSub(-1), scales: addSubScales(true) },
  mul: {
    float: (a, b) => Math.fround(a * b),
    quantized: (a, b, p) => multiplyByQuantizedMultiplier(Math.imul(a, b), p.outputMultiplier, p.outputShift),
    scales(in1, in2, out) {
      const q = quantizeMultiplier(((in1.quant?.scale[0] ?? 1) * (in2.quant?.scale[0] ?? 1)) / (out.quant?.scale[0] ?? 1));
      return { leftShift: 0, input1Multiplier: 0, input1Shift: 0, input2Multiplier: 0, input2Shift: 0, outputMultiplier: q.multiplier, outputShift: q.shift };
    },
  },
};

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
      requireDtype(op, in1, ['f32', 'i8', 'i16'], 'input 1');
      requireDtype(op, in2, [in1.dtype], 'input 2');
      requireDtype(op, out, [in1.dtype], 'output');
      const activation = (op.attrs as { activation: 'none' }).activation;
      const base = { kind, shape1: in1.shape.slice(), shape2: in2.shape.slice(), outShape: out.shape.slice() };
      if (in1.dtype === 'f32') {
        const r = floatActivationRange(activation);
        return {
          ...base, dtype: 'f32', input1Offset: 0, input2Offset: 0, outputOffset: 0, leftShift: 0,
          input1Multiplier: 0, input1Shift: 0, input2Multiplier: 0, input2Shift: 0, outputMultiplier: 0, outputShift: 0,
          actMin: r.min, actMax: r.max,
        };
      }
      const r = quantizedActivationRange(activation, out);
      return {
        ...base,
        dtype: in1.dtype as 'i8' | 'i16',
        input1Offset: -(in1.quant?.zeroPoint[0] ?? 0),
        input2Offset: -(in2.quant?.zeroPoint[0] ?? 0),
        outputOffset: out.quant?.zeroPoint[0] ?? 0,
        ...row.scales(in1, in2, out),
        actMin: r.min, actMax: r.max,
      };
    },
    evalRef(p: BinaryPrepared, inputs: ReadonlyArray<TensorData | undefined>, outputs: TensorData[]): void {
      const a = inputs[0] as Float32Array | Int8Array | Int16Array;
      const b = inputs[1] as Float32Array | Int8Array | Int16Array;
      const out = outputs[0]!;
      const n = elementCount(p.outShape);
      const ia = sameShape(p.shape1, p.outShape) ? undefined : broadcastIndex(p.shape1, p.outShape);
      const ib = sameShape(p.shape2, p.outShape) ? undefined : broadcastIndex(p.shape2, p.outShape);
      for (let i = 0; i < n; i++) {
        const x = a[ia ? ia[i]! : i]!;
        const y = b[ib ? ib[i]! : i]!;
        let v: number;
        if (p.dtype === 'f32') v = row.float(x, y);
        else v = row.quantized(x + p.input1Offset, y + p.input2Offset, p) + p.outputOffset;
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
