/**
 * A placeholder for an operator Ingot does not implement. Importers keep it
 * so `inspect` can list the whole model; any stage that would execute or
 * emit it stops with a diagnostic naming the op and its index.
 */
import { fail, type Graph, type Op } from '../ir/index.js';
import { ioCost } from './common/cost.js';
import { defineOp } from './op-def.js';

export const unsupported = defineOp({
  kind: 'unsupported',
  inferShapes: (op: Op<'unsupported'>, g: Graph) => op.outputs.map((i) => g.tensors[i]!.shape.slice()),
  prepare(op: Op<'unsupported'>, g: Graph): never {
    const index = g.ops.indexOf(op);
    return fail('op/unsupported', `operator ${index} (${op.attrs.sourceOp}) has no Ingot kernel`, {
      opIndex: index,
      hint: 'run `ingot inspect` to list the supported operators, or replace this op in the model',
    });
  },
  evalRef(): void {
    throw new Error('unsupported ops never reach evaluation');
  },
  cost: (op: Op<'unsupported'>, g: Graph) => ioCost(op, g, 0),
});
