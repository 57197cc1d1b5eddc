/**
 * MAX_POOL_NCHW and AVG_POOL_NCHW: ONNX MaxPool / AveragePool /
 * GlobalMaxPool on NCHW tensors, with explicit pads (the importer turns
 * ceil_mode into extra end padding and count_include_pad into a Pad op, so
 * the window semantics are exactly pool2d's: padded pixels never count).
 *
 * Frontend kinds: the layout pass rewrites them to max_pool2d / avg_pool2d
 * between transposes; the reference evaluation is that rewrite done on data.
 */
import { allocData, elementCount, inputAt, outputAt, type Graph, type Op, type Pool2dAttrs, type Tensor, type TensorData } from '../ir/index.js';
import { requireRank } from './common/checks.js';
import { ioCost } from './common/cost.js';
import { NCHW_TO_NHWC, NHWC_TO_NCHW, permuteData } from './common/layout.js';
import { permutedTensor } from './conv-nchw.js';
import { defineOp, type OpDef } from './op-def.js';
import { avgPool2d, maxPool2d, pooledSize, type Pool2dPrepared } from './pool2d.js';

export interface PoolNchwPrepared {
  inner: Pool2dPrepared;
  inShape: number[];
  innerOutShape: number[];
  dtype: Tensor['dtype'];
}

const INNER = { max_pool_nchw: maxPool2d, avg_pool_nchw: avgPool2d } as const;
const INNER_KIND = { max_pool_nchw: 'max_pool2d', avg_pool_nchw: 'avg_pool2d' } as const;

function definePoolNchw<K extends 'max_pool_nchw' | 'avg_pool_nchw'>(kind: K): OpDef<K, PoolNchwPrepared> {
  const innerDef = INNER[kind] as OpDef<'max_pool2d', Pool2dPrepared>;
  return defineOp({
    kind,
    inferShapes(op: Op<K>, g: Graph): number[][] {
      const input = inputAt(g, op, 0);
      requireRank(op, input, 4, 'input');
      const [n, c, h, w] = input.shape as [number, number, number, number];
      return [[n, c, ...pooledSize(op, op.attrs as Pool2dAttrs, h, w)]];
    },
    prepare(op: Op<K>, g: Graph): PoolNchwPrepared {
      const input = inputAt(g, op, 0);
      const output = outputAt(g, op);
      const tensors = [permutedTensor(input, NCHW_TO_NHWC), permutedTensor(output, NCHW_TO_NHWC)];
      const innerOp = { kind: INNER_KIND[kind], name: op.name, inputs: [0], outputs: [1], attrs: op.attrs as Pool2dAttrs } as Op<'max_pool2d'>;
      const inner = innerDef.prepare(innerOp, { name: '', source: '', tensors, ops: [innerOp], inputs: [0], outputs: [1] });
      return { inner, inShape: input.shape.slice(), innerOutShape: tensors[1]!.shape.slice(), dtype: input.dtype };
    },
    evalRef(p: PoolNchwPrepared, inputs: ReadonlyArray<TensorData | undefined>, outputs: TensorData[]): void {
      const x = permuteData(inputs[0]!, p.dtype, p.inShape, NCHW_TO_NHWC);
      const y = allocData(p.dtype, elementCount(p.innerOutShape));
      innerDef.evalRef(p.inner, [x], [y]);
      (outputs[0] as Float32Array).set(permuteData(y, p.dtype, p.innerOutShape, NHWC_TO_NCHW) as Float32Array);
    },
    cost(op: Op<K>, g: Graph) {
      const a = op.attrs as Pool2dAttrs;
      return ioCost(op, g, elementCount(outputAt(g, op).shape) * a.filterH * a.filterW);
    },
  });
}

export const maxPoolNchw = definePoolNchw('max_pool_nchw');
export const avgPoolNchw = definePoolNchw('avg_pool_nchw');
