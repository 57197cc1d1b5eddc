/**
 * SignalWindow: each int16 sample times its window weight (the window
 * repeats over the input's last dimension), shifted right arithmetically
 * by `shift` and saturated to int16.
 */
import { elementCount, fail, formatShape, inputAt, type Graph, type Op, type TensorData } from '../../ir/index.js';
import { clamp } from '../../quant/fixed-point.js';
import { describeOp } from '../common/checks.js';
import { requireSignalTypes, SIGNAL_HINT } from './checks.js';
import { ioCost } from '../common/cost.js';
import { defineOp } from '../op-def.js';

export interface SignalWindowPrepared {
  count: number;
  /** Window length: the input's last dimension. */
  length: number;
  shift: number;
}

export const signalWindow = defineOp({
  kind: 'signal_window',
  inferShapes(op: Op<'signal_window'>, g: Graph): number[][] {
    const x = inputAt(g, op, 0);
    const w = inputAt(g, op, 1);
    if (!(x.shape.at(-1)! > 0)) fail('shape/mismatch', `${describeOp(op)}: its frames of ${formatShape(x.shape)} hold no samples`, { tensor: x.name, hint: SIGNAL_HINT });
    if (elementCount(w.shape) !== x.shape[x.shape.length - 1]) {
      fail('shape/mismatch', `${describeOp(op)}: the window holds ${elementCount(w.shape)} weights for frames of ${x.shape[x.shape.length - 1]} samples`, { tensor: w.name });
    }
    return [x.shape.slice()];
  },
  prepare(op: Op<'signal_window'>, g: Graph): SignalWindowPrepared {
    const x = inputAt(g, op, 0);
    requireSignalTypes(op, g, ['i16', 'i16'], ['i16']);
    if (op.attrs.shift < 0 || op.attrs.shift > 31) fail('op/bad-attribute', `${describeOp(op)}: shift ${op.attrs.shift} is outside 0…31`, { hint: SIGNAL_HINT });
    return { count: elementCount(x.shape), length: x.shape[x.shape.length - 1]!, shift: op.attrs.shift };
  },
  evalRef(p: SignalWindowPrepared, inputs: ReadonlyArray<TensorData | undefined>, outputs: TensorData[]): void {
    const [x, w] = inputs as [Int16Array, Int16Array];
    const y = outputs[0] as Int16Array;
    for (let i = 0; i < p.count; i++) y[i] = clamp((x[i]! * w[i % p.length]!) >> p.shift, -32768, 32767);
  },
  cost: (op: Op<'signal_window'>, g: Graph) => ioCost(op, g, elementCount(inputAt(g, op, 0).shape)),
});
