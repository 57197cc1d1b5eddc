/**
 * TRANSPOSE by a constant permutation: out[i0..in] = in[i_perm…].
 */
import { elementCount, fail, inputAt, type Graph, type Op, type TensorData } from '../ir/index.js';
import { describeOp, sameDtypeInOut } from './common/checks.js';
import { ioCost } from './common/cost.js';
import { stridesOf } from './common/shapes.js';
import { defineOp } from './op-def.js';

export interface TransposePrepared {
  outShape: number[];
  /** For each output dim, the input stride it walks. */
  inStrides: number[];
}

export const transpose = defineOp({
  kind: 'transpose',
  inferShapes(op: Op<'transpose'>, g: Graph): number[][] {
    const input = inputAt(g, op, 0);
    const { perm } = op.attrs;
    const sorted = perm.slice().sort((a, b) => a - b);
    if (perm.length !== input.shape.length || sorted.some((v, i) => v !== i)) {
      fail('op/bad-attribute', `${describeOp(op)}: [${perm.join(',')}] is not a permutation of rank ${input.shape.length}`, { tensor: input.name });
    }
    return [perm.map((p) => input.shape[p]!)];
  },
  prepare(op: Op<'transpose'>, g: Graph): TransposePrepared {
    const { input, output } = sameDtypeInOut(op, g);
    const strides = stridesOf(input.shape);
    return { outShape: output.shape.slice(), inStrides: op.attrs.perm.map((p) => strides[p]!) };
  },
  evalRef(p: TransposePrepared, inputs: ReadonlyArray<TensorData | undefined>, outputs: TensorData[]): void {
    gatherStrided(inputs[0]!, outputs[0]!, p.outShape, p.inStrides, 0);
  },
  cost: (op: Op<'transpose'>, g: Graph) => ioCost(op, g, 0),
});

/** Copies out[flat] = in[offset + Σ coord_d · inStrides_d] over the output shape. */
export function gatherStrided(input: TensorData, out: TensorData, outShape: number[], inStrides: number[], offset: number): void {
  const rank = outShape.length;
  const n = elementCount(outShape);
  const coord = new Array<number>(rank).fill(0);
  let src = offset;
  for (let i = 0; i < n; i++) {
    out[i] = input[src]!;
    for (let d = rank - 1; d >= 0; d--) {
      coord[d]! += 1;
      src += inStrides[d]!;
      if (coord[d]! < outShape[d]!) break;
      src -= inStrides[d]! * coord[d]!;
      coord[d] = 0;
    }
  }
}
