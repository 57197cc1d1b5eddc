/**
 * QUANTIZE_LINEAR: ONNX QuantizeLinear, float32 → uint8/int8/int16/int32,
 * per tensor or per axis: saturate(round_half_even(x / scale) + zero_point),
 * the division in float32. TFLite's QUANTIZE (quantize.ts) rounds half away
 * from zero instead; keeping two kinds means neither runtime's models can be
 * compiled with the other's rounding by accident.
 */
import { elementCount, inputAt, intRange, outputAt, type Graph, type Op, type TensorData } from '../ir/index.js';
import { quantizeLinear as quantizeOne } from '../quant/float-requant.js';
import { channelLayout, channelOf, type ChannelLayout } from './common/channels.js';
import { requireDtype, requireQuantized } from './common/checks.js';
import { ioCost } from './common/cost.js';
import { defineOp } from './op-def.js';

export interface QuantizeLinearPrepared extends ChannelLayout {
  count: number;
  qmin: number;
  qmax: number;
}

export const quantizeLinear = defineOp({
  kind: 'quantize_linear',
  inferShapes: (op: Op<'quantize_linear'>, g: Graph) => [inputAt(g, op, 0).shape.slice()],
  prepare(op: Op<'quantize_linear'>, g: Graph): QuantizeLinearPrepared {
    const input = inputAt(g, op, 0);
    const output = outputAt(g, op);
    requireDtype(op, input, ['f32'], 'input');
    requireDtype(op, output, ['i8', 'u8', 'i16', 'i32'], 'output');
    requireQuantized(op, output, 'output');
    const layout = channelLayout(output.quant, output.shape);
    const { min, max } = intRange(output.dtype);
    return { count: elementCount(input.shape), ...layout, scales: layout.scales.map(Math.fround), qmin: min, qmax: max };
  },
  evalRef(p: QuantizeLinearPrepared, inputs: ReadonlyArray<TensorData | undefined>, outputs: TensorData[]): void {
    const input = inputs[0] as Float32Array;
    const out = outputs[0] as Int32Array;
    for (let i = 0; i < p.count; i++) {
      const c = channelOf(p, i);
      out[i] = quantizeOne(input[i]!, p.scales[c]!, p.zeroPoints[c]!, p.qmin, p.qmax);
    }
  },
  cost: (op: Op<'quantize_linear'>, g: Graph) => ioCost(op, g, elementCount(inputAt(g, op, 0).shape)),
});
