/**
 * Element-wise unary ops from ONNX as rows of one table: CLIP, HARD_SIGMOID,
 * HARD_SWISH, EXP, LOG, SQRT, RECIPROCAL, ABS and NEG.
 *
 * Every row has a float32 form, rounded to float32 after each arithmetic
 * step so a C loop with `float` temporaries gives the same bits. CLIP, ABS
 * and NEG also work on plain (unquantized) integers, wrapping like a C cast.
 * Quantized tensors are not accepted: ONNX quantized graphs keep these ops
 * between DequantizeLinear and QuantizeLinear, in float.
 */
import { elementCount, fail, inputAt, intRange, outputAt, type Graph, type Op, type TensorData } from '../ir/index.js';
import { describeOp, requireDtype, sameDtypeInOut } from './common/checks.js';
import { ioCost } from './common/cost.js';
import { defineOp, type OpDef } from './op-def.js';

export type UnaryKind = 'clip' | 'hard_sigmoid' | 'hard_swish' | 'exp' | 'log' | 'sqrt' | 'reciprocal' | 'abs' | 'neg';

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
};

function wrapTo(dtype: UnaryPrepared['dtype'], v: number): number {
  switch (dtype) {
    case 'i8': return (v << 24) >> 24;
    case 'u8': return v & 0xff;
    case 'i16': return (v << 16) >> 16;
    default: return v | 0;
  }
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
