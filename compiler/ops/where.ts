/**
 * WHERE (ONNX Where, TFLite SELECT_V2): out = condition ? x : y, element by
 * element with NumPy broadcasting of all three. The values are copied, so x,
 * y and the output share one element type and, when quantized, one scale
 * and zero point (anything else would need a rescale; refused).
 */
import { elementCount, fail, inputAt, outputAt, type Graph, type Op, type Tensor, type TensorData } from '../ir/index.js';
import { describeOp, requireDtype, sameTensorQuant } from './common/checks.js';
import { ioCost } from './common/cost.js';
import { broadcastIndex, broadcastShapes, sameShape } from './common/shapes.js';
import { defineOp } from './op-def.js';

export interface WherePrepared {
  /** Shapes of condition, x and y. */
  shapes: [number[], number[], number[]];
  outShape: number[];
}

export const where = defineOp({
  kind: 'where',
  inferShapes(op: Op<'where'>, g: Graph): number[][] {
    const [c, x, y] = [0, 1, 2].map((i) => inputAt(g, op, i));
    const xy = broadcastShapes(x!.shape, y!.shape);
    const out = xy && broadcastShapes(c!.shape, xy);
    if (!out) fail('shape/mismatch', `${describeOp(op)}: shapes [${c!.shape.join(',')}], [${x!.shape.join(',')}] and [${y!.shape.join(',')}] do not broadcast`, { tensor: y!.name });
    return [out];
  },
  prepare(op: Op<'where'>, g: Graph): WherePrepared {
    const [c, x, y] = [0, 1, 2].map((i) => inputAt(g, op, i)) as [Tensor, Tensor, Tensor];
    const out = outputAt(g, op);
    requireDtype(op, c, ['bool'], 'condition');
    requireDtype(op, x, ['f32', 'i8', 'u8', 'i16', 'i32', 'i64', 'bool'], 'input x');
    requireDtype(op, y, [x.dtype], 'input y');
    requireDtype(op, out, [x.dtype], 'output');
    if (!sameTensorQuant(x, y) || !sameTensorQuant(x, out)) {
      fail('op/unsupported', `${describeOp(op)}: quantized x, y and output need one scale and zero point`, { tensor: y.name, hint: 'requantize one input first' });
    }
    return { shapes: [c.shape.slice(), x.shape.slice(), y.shape.slice()], outShape: out.shape.slice() };
  },
  evalRef(p: WherePrepared, inputs: ReadonlyArray<TensorData | undefined>, outputs: TensorData[]): void {
    const [c, x, y] = [0, 1, 2].map((i) => inputs[i] as ArrayLike<number>) as [ArrayLike<number>, ArrayLike<number>, ArrayLike<number>];
    const out = outputs[0]!;
    const [ic, ix, iy] = p.shapes.map((s) => (sameShape(s, p.outShape) ? undefined : broadcastIndex(s, p.outShape)));
    for (let i = 0; i < out.length; i++) out[i] = c[ic ? ic[i]! : i] ? x[ix ? ix[i]! : i]! : y[iy ? iy[i]! : i]!;
  },
  cost: (op: Op<'where'>, g: Graph) => ioCost(op, g, elementCount(outputAt(g, op).shape)),
});
