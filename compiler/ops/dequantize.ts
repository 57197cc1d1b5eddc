/**
 * DEQUANTIZE: integer → float32 as float(double(scale) · (q − zero_point)).
 */
import { elementCount, inputAt, type Graph, type Op, type TensorData } from '../ir/index.js';
import { requireDtype, requireQuantized } from './common/checks.js';
import { ioCost } from './common/cost.js';
import { defineOp } from './op-def.js';

export interface DequantizePrepared {
  count: number;
  scale: number;
  zeroPoint: number;
}

export const dequantize = defineOp({
  kind: 'dequantize',
  inferShapes: (op: Op<'dequantize'>, g: Graph) => [inputAt(g, op, 0).shape.slice()],
  prepare(op: Op<'dequantize'>, g: Graph): DequantizePrepared {
    const input = inputAt(g, op, 0);
    requireDtype(op, input, ['i8', 'u8', 'i16', 'i32'], 'input');
    requireQuantized(op, input, 'input');
    return { count: elementCount(input.shape), scale: input.quant?.scale[0] ?? 1, zeroPoint: input.quant?.zeroPoint[0] ?? 0 };
  },
  evalRef(p: DequantizePrepared, inputs: ReadonlyArray<TensorData | undefined>, outputs: TensorData[]): void {
    const input = inputs[0] as Int8Array;
    const out = outputs[0] as Float32Array;
    for (let i = 0; i < p.count; i++) out[i] = p.scale * (input[i]! - p.zeroPoint);
  },
  cost: (op: Op<'dequantize'>, g: Graph) => ioCost(op, g, elementCount(inputAt(g, op, 0).shape)),
});
