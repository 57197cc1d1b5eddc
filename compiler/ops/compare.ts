/**
 * COMPARE: an element-wise test of two tensors with NumPy broadcasting,
 * giving a bool tensor (one byte per element, 0 or 1) — the orderings
 * (ONNX Equal, Less, LessOrEqual, Greater, GreaterOrEqual) on float32 or
 * integers, and the logical And, Or and Xor on booleans (any non-zero byte
 * is true).
 *
 * Floats compare as IEEE values (a NaN is unequal to everything and
 * unordered). Quantized integers compare their stored values, which orders
 * the real values the same way only when both inputs share one scale and
 * zero point; other pairs are refused (dequantize them first).
 */
import { elementCount, fail, inputAt, outputAt, type CompareTest, type Graph, type Op, type Tensor, type TensorData } from '../ir/index.js';
import { describeOp, requireDtype, sameTensorQuant } from './common/checks.js';
import { ioCost } from './common/cost.js';
import { broadcastIndex, broadcastShapes, sameShape } from './common/shapes.js';
import { defineOp } from './op-def.js';

export interface ComparePrepared {
  test: CompareTest;
  shape1: number[];
  shape2: number[];
  outShape: number[];
}

/** The test on two element values (booleans as 0/1 or any non-zero byte). */
const COMPARE_TESTS: Record<CompareTest, (a: number, b: number) => boolean> = {
  equal: (a, b) => a === b,
  less: (a, b) => a < b,
  less_equal: (a, b) => a <= b,
  greater: (a, b) => a > b,
  greater_equal: (a, b) => a >= b,
  and: (a, b) => a !== 0 && b !== 0,
  or: (a, b) => a !== 0 || b !== 0,
  xor: (a, b) => (a !== 0) !== (b !== 0),
};

const isLogical = (test: CompareTest): boolean => test === 'and' || test === 'or' || test === 'xor';

export const compare = defineOp({
  kind: 'compare',
  inferShapes(op: Op<'compare'>, g: Graph): number[][] {
    const a = inputAt(g, op, 0);
    const b = inputAt(g, op, 1);
    const out = broadcastShapes(a.shape, b.shape);
    if (!out) fail('shape/mismatch', `${describeOp(op)}: shapes [${a.shape.join(',')}] and [${b.shape.join(',')}] do not broadcast`, { tensor: b.name });
    return [out];
  },
  prepare(op: Op<'compare'>, g: Graph): ComparePrepared {
    const a = inputAt(g, op, 0);
    const b = inputAt(g, op, 1);
    const test = op.attrs.test;
    requireDtype(op, a, isLogical(test) ? ['bool'] : ['f32', 'i8', 'u8', 'i16', 'i32', 'i64', 'bool'], 'input 1');
    requireDtype(op, b, [a.dtype], 'input 2');
    requireDtype(op, outputAt(g, op), ['bool'], 'output');
    if (!sameTensorQuant(a, b)) {
      fail('op/unsupported', `${describeOp(op)}: comparing quantized tensors needs one scale and zero point for both`, { tensor: b.name, hint: 'dequantize the inputs first' });
    }
    return { test, shape1: a.shape.slice(), shape2: b.shape.slice(), outShape: outputAt(g, op).shape.slice() };
  },
  evalRef(p: ComparePrepared, inputs: ReadonlyArray<TensorData | undefined>, outputs: TensorData[]): void {
    // int64 elements are bigints, which the tests compare as they compare numbers.
    const a = inputs[0] as ArrayLike<number>;
    const b = inputs[1] as ArrayLike<number>;
    const out = outputs[0]!;
    const ia = sameShape(p.shape1, p.outShape) ? undefined : broadcastIndex(p.shape1, p.outShape);
    const ib = sameShape(p.shape2, p.outShape) ? undefined : broadcastIndex(p.shape2, p.outShape);
    const test = COMPARE_TESTS[p.test];
    for (let i = 0; i < out.length; i++) out[i] = test(a[ia ? ia[i]! : i]!, b[ib ? ib[i]! : i]!) ? 1 : 0;
  },
  cost: (op: Op<'compare'>, g: Graph) => ioCost(op, g, elementCount(outputAt(g, op).shape)),
});
