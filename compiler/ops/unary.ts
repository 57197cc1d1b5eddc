/**
 * Element-wise unary ops from ONNX as rows of one table: CLIP, HARD_SIGMOID,
 * HARD_SWISH, EXP, LOG, SQRT, RECIPROCAL, ABS, NEG, the trigonometric and
 * hyperbolic functions and their inverses, ERF, SIGN, FLOOR, CEIL and ROUND
 * (half to even). Transcendental rows are the double result rounded once to
 * float32 (erf from ops/common/erf.ts, as JavaScript has none).
 *
 * Every row has a float32 form, rounded to float32 after each arithmetic
 * step so a C loop with `float` temporaries gives the same bits. CLIP, ABS
 * and NEG also work on plain (unquantized) integers, wrapping like a C cast.
 * Quantized tensors are not accepted: ONNX quantized graphs keep these ops
 * between DequantizeLinear and QuantizeLinear, in float.
 */
import { elementCount, fail, inputAt, intRange, outputAt, type Graph, type Op, type TensorData } from '../ir/index.js';
import { wrapTo } from '../quant/fixed-point.js';
import { describeOp, requireDtype, sameDtypeInOut } from './common/checks.js';
import { ioCost } from './common/cost.js';
import { erf } from './common/erf.js';
import { defineOp, type OpDef } from './op-def.js';

export type UnaryKind = 'clip' | 'hard_sigmoid' | 'hard_swish' | 'exp' | 'log' | 'sqrt' | 'reciprocal' | 'abs' | 'neg' | UnaryMathKind;

/** The math rows added for ONNX's element-wise functions. */
export const UNARY_MATH_KINDS = ['sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'asinh', 'acosh', 'atanh', 'erf', 'sign', 'floor', 'ceil', 'round'] as const;
export type UnaryMathKind = (typeof UNARY_MATH_KINDS)[number];

export interface UnaryPrepared {
  kind: UnaryKind;
  dtype: 'f32' | 'i8' | 'u8' | 'i16' | 'i32';
  count: number;
  /** Row parameters: clip bounds, or hard sigmoid's alpha and beta. */
  a: number;
  b: number;
}

interface UnaryRow {
  /** Whether the row also runs on plain integers. */
  integer: boolean;
  float(x: number, p: UnaryPrepared): number;
  /** Exact integer result; the kernel wraps it to the element type. */
  int?(x: number, p: UnaryPrepared): number;
  params?(op: Op): { a: number; b: number };
}

const f = Math.fround;

const hardSigmoid = (x: number, alpha: number, beta: number): number => {
  const v = f(f(alpha * x) + beta);
  return v < 0 ? 0 : v > 1 ? 1 : v;
};

const ROWS: Record<UnaryKind, UnaryRow> = {
  clip: {
    integer: true,
    // min(max(x, lo), hi): with lo > hi every element becomes hi, as ONNX specifies.
    float: (x, p) => Math.min(Math.max(x, p.a), p.b),
    int: (x, p) => Math.min(Math.max(x, p.a), p.b),
    params: (op) => ({ a: (op.attrs as { min: number }).min, b: (op.attrs as { max: number }).max }),
  },
  hard_sigmoid: {
    integer: false,
    float: (x, p) => hardSigmoid(x, p.a, p.b),
    params: (op) => ({ a: f((op.attrs as { alpha: number }).alpha), b: f((op.attrs as { beta: number }).beta) }),
  },
  // ONNX HardSwish is x · HardSigmoid(x) with alpha 1/6, beta 0.5.
  hard_swish: { integer: false, float: (x) => f(x * hardSigmoid(x, f(1 / 6), 0.5)) },
  exp: { integer: false, float: (x) => f(Math.exp(x)) },
  log: { integer: false, float: (x) => f(Math.log(x)) },
  sqrt: { integer: false, float: (x) => f(Math.sqrt(x)) },
  reciprocal: { integer: false, float: (x) => f(1 / x) },
  abs: { integer: true, float: (x) => Math.abs(x), int: (x) => Math.abs(x) },
  neg: { integer: true, float: (x) => -x, int: (x) => -x },
  sin: { integer: false, float: (x) => f(Math.sin(x)) },
  cos: { integer: false, float: (x) => f(Math.cos(x)) },
  tan: { integer: false, float: (x) => f(Math.tan(x)) },
  asin: { integer: false, float: (x) => f(Math.asin(x)) },
  acos: { integer: false, float: (x) => f(Math.acos(x)) },
  atan: { integer: false, float: (x) => f(Math.atan(x)) },
  sinh: { integer: false, float: (x) => f(Math.sinh(x)) },
  cosh: { integer: false, float: (x) => f(Math.cosh(x)) },
  asinh: { integer: false, float: (x) => f(Math.asinh(x)) },
  acosh: { integer: false, float: (x) => f(Math.acosh(x)) },
  atanh: { integer: false, float: (x) => f(Math.atanh(x)) },
  erf: { integer: false, float: (x) => f(erf(x)) },
  // ±0 and NaN are their own sign.
  sign: { integer: true, float: (x) => (x > 0 ? 1 : x < 0 ? -1 : x), int: (x) => Math.sign(x) },
  floor: { integer: false, float: (x) => Math.floor(x) },
  ceil: { integer: false, float: (x) => Math.ceil(x) },
  round: { integer: false, float: roundHalfEven },
};

/** Round half to even, keeping the sign of a zero result (−0.4 → −0), as IEEE's roundeven. */
function roundHalfEven(x: number): number {
  const low = Math.floor(x);
  const diff = x - low;
  const r = diff > 0.5 || (diff === 0.5 && low % 2 !== 0) ? low + 1 : low;
  return r === 0 && x < 0 ? -0 : r;
}

function defineUnary<K extends UnaryKind>(kind: K): OpDef<K, UnaryPrepared> {
  const row = ROWS[kind];
  return defineOp({
    kind,
    inferShapes: (op: Op<K>, g: Graph) => [inputAt(g, op, 0).shape.slice()],
    prepare(op: Op<K>, g: Graph): UnaryPrepared {
      const { input } = sameDtypeInOut(op, g);
      requireDtype(op, input, row.integer ? ['f32', 'i8', 'u8', 'i16', 'i32'] : ['f32'], 'input');
      if (input.dtype !== 'f32' && input.quant !== undefined) {
        fail('op/unsupported', `${describeOp(op)}: input '${input.name}' is quantized; ${kind} runs on float32 or plain integers`, {
          tensor: input.name, hint: 'keep this op in float (between DequantizeLinear and QuantizeLinear)',
        });
      }
      let { a, b } = row.params ? row.params(op) : { a: 0, b: 0 };
      if (kind === 'clip' && input.dtype !== 'f32') {
        // Integer bounds beyond the type's range clamp nothing.
        const { min, max } = intRange(input.dtype);
        a = Math.max(a, min);
        b = Math.min(b, max);
      }
      return { kind, dtype: input.dtype as UnaryPrepared['dtype'], count: elementCount(input.shape), a, b };
    },
    evalRef(p: UnaryPrepared, inputs: ReadonlyArray<TensorData | undefined>, outputs: TensorData[]): void {
      const input = inputs[0] as Float32Array | Int32Array;
      const out = outputs[0] as Float32Array | Int32Array;
      if (p.dtype === 'f32') for (let i = 0; i < p.count; i++) out[i] = row.float(input[i]!, p);
      else for (let i = 0; i < p.count; i++) out[i] = wrapTo(p.dtype, row.int!(input[i]!, p));
    },
    cost: (op: Op<K>, g: Graph) => ioCost(op, g, elementCount(outputAt(g, op).shape)),
    inPlaceInputs: () => [0],
  });
}

export const clip = defineUnary('clip');
export const hardSigmoidOp = defineUnary('hard_sigmoid');
export const hardSwish = defineUnary('hard_swish');
export const exp = defineUnary('exp');
export const log = defineUnary('log');
export const sqrt = defineUnary('sqrt');
export const reciprocal = defineUnary('reciprocal');
export const abs = defineUnary('abs');
export const neg = defineUnary('neg');

/** The math rows' op definitions, by kind. */
export const UNARY_MATH = Object.fromEntries(UNARY_MATH_KINDS.map((k) => [k, defineUnary(k)])) as { [K in UnaryMathKind]: OpDef<K, UnaryPrepared> };
