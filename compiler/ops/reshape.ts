/**
 * RESHAPE (and every view that keeps bytes in order: squeeze, expand_dims,
 * flatten). The target shape is the output tensor's; the op only checks the
 * element count. The planner may alias output to input.
 */
import { elementCount, fail, inputAt, outputAt, type Graph, type Op, type TensorData } from '../ir/index.js';
import { describeOp } from './common/checks.js';
import { ioCost } from './common/cost.js';
import { defineOp } from './op-def.js';

export interface ReshapePrepared {
  count: number;
}

export const reshape = defineOp({
  kind: 'reshape',
  inferShapes(op: Op<'reshape'>, g: Graph): number[][] {
    const input = inputAt(g, op, 0);
    const output = outputAt(g, op);
    if (elementCount(input.shape) !== elementCount(output.shape)) {
      fail('shape/mismatch', `${describeOp(op)}: cannot reshape [${input.shape.join(',')}] to [${output.shape.join(',')}]`, { tensor: output.name });
    }
    return [output.shape.slice()];
  },
  prepare(op: Op<'reshape'>, g: Graph): ReshapePrepared {
    const input = inputAt(g, op, 0);
    const output = outputAt(g, op);
    if (input.dtype !== output.dtype) {
      fail('op/unsupported-dtype', `${describeOp(op)}: reshape cannot change ${input.dtype} to ${output.dtype}`, { tensor: output.name });
    }
    return { count: elementCount(input.shape) };
  },
  evalRef(p: ReshapePrepared, inputs: ReadonlyArray<TensorData | undefined>, outputs: TensorData[]): void {
    const src = inputs[0]!;
    const dst = outputs[0]!;
    if (src !== dst) (dst as Uint8Array).set(src as Uint8Array);
  },
  cost: (op: Op<'reshape'>, g: Graph) => ioCost(op, g, 0),
  aliasesInput: true,
});
