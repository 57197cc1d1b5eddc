/**
 * DEQUANTIZE (TFLite) and DequantizeLinear (ONNX): integer → float32 as
 * float32(scale · (q − zero_point)). Both runtimes agree: the product of a
 * float32 scale and an exact small integer, rounded once to float32, equals
 * TFLite's double product rounded to float32. Per-tensor or per-axis.
 */
import { elementCount, inputAt, type Graph, type Op, type TensorData } from '../ir/index.js';
import { channelLayout, channelOf, type ChannelLayout } from './common/channels.js';
import { requireDtype, requireQuantized } from './common/checks.js';
import { ioCost } from './common/cost.js';
import { defineOp } from './op-def.js';

export interface DequantizePrepared extends ChannelLayout {
  count: number;
}

export const dequantize = defineOp({
  kind: 'dequantize',
  inferShapes: (op: Op<'dequantize'>, g: Graph) => [inputAt(g, op, 0).shape.slice()],
  prepare(op: Op<'dequantize'>, g: Graph): DequantizePrepared {
    const input = inputAt(g, op, 0);
    requireDtype(op, input, ['i8', 'u8', 'i16', 'i32'], 'input');
    requireQuantized(op, input, 'input');
    return { count: elementCount(input.shape), ...channelLayout(input.quant, input.shape) };
  },
  evalRef(p: DequantizePrepared, inputs: ReadonlyArray<TensorData | undefined>, outputs: TensorData[]): void {
    const input = inputs[0] as Int8Array;
    const out = outputs[0] as Float32Array;
    for (let i = 0; i < p.count; i++) {
      const c = channelOf(p, i);
      out[i] = p.scales[c]! * (input[i]! - p.zeroPoints[c]!);
    }
  },
  cost: (op: Op<'dequantize'>, g: Graph) => ioCost(op, g, elementCount(inputAt(g, op, 0).shape)),
});
