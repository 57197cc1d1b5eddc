/**
 * Import-time evaluation of element-wise ONNX ops on constants, in any
 * element type including int64 (shape arithmetic: Sub of a rank and an axis,
 * Mul of dims, Equal of shapes …) where no IR kernel applies.
 *
 * Results follow NumPy broadcasting and the ONNX result type: float32
 * results are rounded to float32 like the runtime kernels, integers are
 * exact (int64 through JS numbers, which is exact for shape-sized values),
 * integer division truncates toward zero.
 */
import { elementCount, type DType, type TensorData } from '../../../ir/index.js';
import { broadcastIndex, broadcastShapes } from '../../../ops/common/shapes.js';
import type { ConstTensor } from '../context.js';
import { fromNumbers, toNumbers } from '../tensor-proto.js';

export interface FoldedValue {
  dtype: DType;
  shape: number[];
  data: TensorData;
}

type Fn = (...xs: number[]) => number;

/** Element-wise functions by ONNX op type; `bool` marks ops whose result is bool. */
export const FOLDABLE: Record<string, { fn: Fn; bool?: boolean; intFn?: Fn }> = {
  Add: { fn: (a, b) => a + b },
  Sub: { fn: (a, b) => a - b },
  Mul: { fn: (a, b) => a * b },
  Div: { fn: (a, b) => a / b, intFn: (a, b) => (b === 0 ? 0 : Math.trunc(a / b)) },
  Max: { fn: (a, b) => Math.max(a, b) },
  Min: { fn: (a, b) => Math.min(a, b) },
  Neg: { fn: (a) => -a },
  Abs: { fn: (a) => Math.abs(a) },
  Sqrt: { fn: (a) => Math.sqrt(a) },
  Reciprocal: { fn: (a) => 1 / a },
  Exp: { fn: (a) => Math.exp(a) },
  Log: { fn: (a) => Math.log(a) },
  Floor: { fn: (a) => Math.floor(a) },
  Ceil: { fn: (a) => Math.ceil(a) },
  Relu: { fn: (a) => Math.max(a, 0) },
  Equal: { fn: (a, b) => (a === b ? 1 : 0), bool: true },
  Less: { fn: (a, b) => (a < b ? 1 : 0), bool: true },
  Greater: { fn: (a, b) => (a > b ? 1 : 0), bool: true },
  LessOrEqual: { fn: (a, b) => (a <= b ? 1 : 0), bool: true },
  GreaterOrEqual: { fn: (a, b) => (a >= b ? 1 : 0), bool: true },
  Not: { fn: (a) => (a ? 0 : 1), bool: true },
  And: { fn: (a, b) => (a && b ? 1 : 0), bool: true },
  Or: { fn: (a, b) => (a || b ? 1 : 0), bool: true },
  Xor: { fn: (a, b) => ((a !== 0) !== (b !== 0) ? 1 : 0), bool: true },
  Where: { fn: (c, a, b) => (c ? a : b) },
  // Mod with fmod = 0 (integers): the remainder takes the divisor's sign, as Python's %; x mod 0 is 0 here.
  Mod: { fn: (a, b) => a - b * Math.floor(a / b), intFn: (a, b) => (b === 0 ? 0 : a - b * Math.floor(a / b)) },
  // Mod with fmod = 1: the remainder takes the dividend's sign, as C's fmod (and JavaScript's %).
  FMod: { fn: (a, b) => a % b, intFn: (a, b) => (b === 0 ? 0 : a % b) },
};

/** Evaluates `opType` on constant operands; the result type is the last operand's (or bool). */
export function foldElementwise(opType: string, operands: readonly ConstTensor[]): FoldedValue | undefined {
  const entry = FOLDABLE[opType];
  if (!entry || operands.length === 0) return undefined;
  let shape: number[] | undefined = operands[0]!.shape.slice();
  for (const t of operands.slice(1)) shape = shape && broadcastShapes(shape, t.shape);
  if (!shape) return undefined;
  const valueType = operands[operands.length - 1]!.dtype;
  const dtype: DType = entry.bool ? 'bool' : valueType;
  const isFloat = valueType === 'f32';
  const fn = !isFloat && entry.intFn ? entry.intFn : entry.fn;
  const count = elementCount(shape);
  const columns = operands.map((t) => ({ values: toNumbers(t.data), index: broadcastIndex(t.shape, shape!) }));
  const out = new Array<number>(count);
  for (let i = 0; i < count; i++) {
    const v = fn(...columns.map((c) => c.values[c.index[i]!]!));
    out[i] = isFloat || entry.bool ? v : Math.trunc(v);
  }
  return { dtype, shape, data: fromNumbers(dtype, count, out) };
}

/** Converts constant data to another element type like ONNX Cast (float → int truncates toward zero). */
export function castData(t: ConstTensor, to: DType): TensorData {
  const values = toNumbers(t.data);
  const converted = to === 'f32' ? values : to === 'bool' ? values.map((v) => (v ? 1 : 0)) : values.map((v) => (Number.isFinite(v) ? Math.trunc(v) : 0));
  return fromNumbers(to, values.length, converted);
}
