/**
 * CAST: each element converted to the output's type as a C conversion does
 * (TFLite's `static_cast`): integers narrowed by keeping their low bits,
 * widened by sign (or zero) extension, integers to float32 rounded to the
 * nearest float. Float to integer is not supported: C leaves values out of
 * range undefined, so no bundle could promise TFLite Micro's bits for them.
 */
import { elementCount, fail, inputAt, outputAt, type Graph, type Op, type TensorData } from '../ir/index.js';
import { wrapTo } from '../quant/fixed-point.js';
import { describeOp, requireDtype } from './common/checks.js';
import { ioCost } from './common/cost.js';
import { defineOp } from './op-def.js';

export type CastDType = 'i8' | 'u8' | 'i16' | 'i32' | 'f32';

export interface CastPrepared {
  count: number;
  from: CastDType;
  to: CastDType;
}

const CAST_DTYPES: CastDType[] = ['i8', 'u8', 'i16', 'i32', 'f32'];

/** An integer as a C conversion to `to` stores it. */
const castValue = (v: number, to: CastDType): number => (to === 'f32' ? Math.fround(v) : wrapTo(to, v));

export const cast = defineOp({
  kind: 'cast',
  inferShapes: (op: Op<'cast'>, g: Graph) => [inputAt(g, op, 0).shape.slice()],
  prepare(op: Op<'cast'>, g: Graph): CastPrepared {
    const input = inputAt(g, op, 0);
    const output = outputAt(g, op);
    requireDtype(op, input, CAST_DTYPES, 'input');
    requireDtype(op, output, CAST_DTYPES, 'output');
    if (input.dtype === 'f32' && output.dtype !== 'f32') {
      fail('op/unsupported-dtype', `${describeOp(op)}: a cast from float32 to ${output.dtype} is not supported (C leaves out-of-range values undefined)`, {
        tensor: output.name, hint: 'keep the model in float32 past this point, or quantize it',
      });
    }
    return { count: elementCount(input.shape), from: input.dtype as CastDType, to: output.dtype as CastDType };
  },
  evalRef(p: CastPrepared, inputs: ReadonlyArray<TensorData | undefined>, outputs: TensorData[]): void {
    const src = inputs[0] as Exclude<TensorData, BigInt64Array>;
    const dst = outputs[0] as Exclude<TensorData, BigInt64Array>;
    for (let i = 0; i < p.count; i++) dst[i] = castValue(src[i] as number, p.to);
  },
  cost: (op: Op<'cast'>, g: Graph) => ioCost(op, g, elementCount(inputAt(g, op, 0).shape)),
});
