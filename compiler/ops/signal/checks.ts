/**
 * The checks every signal op's prepare makes before its kernels may run:
 * each input and output has the element type the op reads or writes (a
 * kernel writing uint64 sums into a tensor declared int32 would run past
 * it), with a diagnostic that says what to do about a damaged model.
 */
import { fail, inputAt, outputAt, type DType, type Graph, type Op } from '../../ir/index.js';
import { describeOp } from '../common/checks.js';

/** What to do about a signal op whose types, shapes or options are not the signal library's. */
export const SIGNAL_HINT = 'the audio front end was not written by TFLite Micro\'s signal library as expected; export it again with the library\'s op builders';

/** Requires input i to be `inputs[i]` and output k `outputs[k]`. */
export function requireSignalTypes(op: Op, g: Graph, inputs: readonly DType[], outputs: readonly DType[]): void {
  const check = (dtype: DType, want: DType, role: string, name: string): void => {
    if (dtype !== want) fail('op/unsupported-dtype', `${describeOp(op)}: ${role} '${name}' is ${dtype}; the op needs ${want}`, { tensor: name, hint: SIGNAL_HINT });
  };
  inputs.forEach((want, i) => check(inputAt(g, op, i).dtype, want, `input ${i}`, inputAt(g, op, i).name));
  outputs.forEach((want, k) => check(outputAt(g, op, k).dtype, want, `output ${k}`, outputAt(g, op, k).name));
}
