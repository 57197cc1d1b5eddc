/**
 * PAD / PADV2: constant padding. The pad value is the output zero point for
 * quantized tensors (real 0), 0 for float, or PADV2's explicit constant
 * (already quantized) when the importer records one.
 */
import { elementCount, fail, inputAt, outputAt, type Graph, type Op, type TensorData } from '../ir/index.js';
import { describeOp, sameDtypeInOut } from './common/checks.js';
import { ioCost } from './common/cost.js';
import { stridesOf } from './common/shapes.js';
import { defineOp } from './op-def.js';

export interface PadPrepared {
  inShape: number[];
  outShape: number[];
  before: number[];
  value: number;
}

export const pad = defineOp({
  kind: 'pad',
  inferShapes(op: Op<'pad'>, g: Graph): number[][] {
    const input = inputAt(g, op, 0);
    const { paddings } = op.attrs;
    if (paddings.length !== input.shape.length || paddings.some(([b, a]) => b < 0 || a < 0)) {
      fail('op/bad-attribute', `${describeOp(op)}: paddings ${JSON.stringify(paddings)} do not fit rank ${input.shape.length}`, { tensor: input.name });
    }
    return [input.shape.map((d, i) => d + paddings[i]![0] + paddings[i]![1])];
  },
  prepare(op: Op<'pad'>, g: Graph): PadPrepared {
    const { input, output } = sameDtypeInOut(op, g);
    const value = op.inputs.length > 1 && op.inputs[1]! >= 0 ? Number(inputAt(g, op, 1).data![0]) : output.dtype === 'f32' ? 0 : (output.quant?.zeroPoint[0] ?? 0);
    return { inShape: input.shape.slice(), outShape: output.shape.slice(), before: op.attrs.paddings.map(([b]) => b), value };
  },
  evalRef(p: PadPrepared, inputs: ReadonlyArray<TensorData | undefined>, outputs: TensorData[]): void {
    const input = inputs[0]!;
    const out = outputs[0]!;
    (out as Float32Array).fill(p.value);
    const inStrides = stridesOf(p.inShape);
    const outStrides = stridesOf(p.outShape);
    const n = elementCount(p.inShape);
    for (let i = 0; i < n; i++) {
      let rem = i;
      let o = 0;
      for (let d = 0; d < p.inShape.length; d++) {
        const c = Math.floor(rem / inStrides[d]!);
        rem -= c * inStrides[d]!;
        o += (c + p.before[d]!) * outStrides[d]!;
      }
      out[o] = input[i]!;
    }
  },
  cost: (op: Op<'pad'>, g: Graph) => ioCost(op, g, 0),
});
