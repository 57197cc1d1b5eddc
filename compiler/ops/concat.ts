/**
 * CONCATENATION along one axis. Quantized inputs must share the output's
 * scale and zero point (TFLite Micro copies bytes without rescaling), so
 * the kernel is a sequence of block copies.
 */
import { elementCount, fail, inputAt, outputAt, type Graph, type Op, type TensorData } from '../ir/index.js';
import { describeOp, requireDtype } from './common/checks.js';
import { ioCost } from './common/cost.js';
import { normalizeAxis } from './common/shapes.js';
import { defineOp } from './op-def.js';

export interface ConcatPrepared {
  /** Product of the dims before the axis. */
  outer: number;
  /** Elements each input contributes per outer step (its axis dim × inner dims). */
  blocks: number[];
  actMin: number;
  actMax: number;
}

export const concat = defineOp({
  kind: 'concat',
  inferShapes(op: Op<'concat'>, g: Graph): number[][] {
    const first = inputAt(g, op, 0);
    const axis = normalizeAxis(op.attrs.axis, first.shape.length, describeOp(op));
    const out = first.shape.slice();
    for (let i = 1; i < op.inputs.length; i++) {
      const t = inputAt(g, op, i);
      if (t.shape.length !== out.length || t.shape.some((d, k) => k !== axis && d !== out[k])) {
        fail('shape/mismatch', `${describeOp(op)}: input '${t.name}' [${t.shape.join(',')}] does not match [${first.shape.join(',')}] off axis ${axis}`, { tensor: t.name });
      }
      out[axis]! += t.shape[axis]!;
    }
    return [out];
  },
  prepare(op: Op<'concat'>, g: Graph): ConcatPrepared {
    const output = outputAt(g, op);
    const axis = normalizeAxis(op.attrs.axis, output.shape.length, describeOp(op));
    const outer = elementCount(output.shape.slice(0, axis));
    const inner = elementCount(output.shape.slice(axis + 1));
    const blocks: number[] = [];
    for (let i = 0; i < op.inputs.length; i++) {
      const t = inputAt(g, op, i);
      requireDtype(op, t, [output.dtype], `input ${i}`);
      if (output.dtype !== 'f32' && (t.quant?.scale[0] !== output.quant?.scale[0] || t.quant?.zeroPoint[0] !== output.quant?.zeroPoint[0])) {
        fail('op/unsupported', `${describeOp(op)}: input '${t.name}' is quantized differently from the output; requantizing concatenation is not supported`, { tensor: t.name });
      }
      blocks.push(t.shape[axis]! * inner);
    }
    if (op.attrs.activation !== 'none') fail('op/unsupported', `${describeOp(op)}: a fused activation on concatenation is not supported`);
    return { outer, blocks, actMin: -Infinity, actMax: Infinity };
  },
  evalRef(p: ConcatPrepared, inputs: ReadonlyArray<TensorData | undefined>, outputs: TensorData[]): void {
    const out = outputs[0] as Float32Array;
    let o = 0;
    for (let k = 0; k < p.outer; k++) {
      p.blocks.forEach((block, i) => {
        const src = inputs[i] as Float32Array;
        out.set(src.subarray(k * block, (k + 1) * block), o);
        o += block;
      });
    }
  },
  cost: (op: Op<'concat'>, g: Graph) => ioCost(op, g, 0),
});
