/**
 * CONV_NCHW: ONNX Conv (and ConvInteger, QLinearConv) with its own layout —
 * NCHW input, [O, C/group, kH, kW] filter, NCHW output.
 *
 * A frontend kind: the layout pass rewrites it to conv2d or
 * depthwise_conv2d between transposes, and no backend implements it. Its
 * reference evaluation is that same rewrite done on data (transpose in,
 * conv2d's kernel, transpose out), so the two cannot drift apart.
 */
import { allocData, elementCount, fail, inputAt, optionalInput, outputAt, type Graph, type Op, type Tensor, type TensorData } from '../ir/index.js';
import { describeOp, requirePositive, requireRank } from './common/checks.js';
import { ioCost } from './common/cost.js';
import { NCHW_TO_NHWC, NHWC_TO_NCHW, permuteData, permuteShape } from './common/layout.js';
import { convOutSize } from './common/spatial.js';
import { conv2d, type Conv2dPrepared } from './conv2d.js';
import { defineOp } from './op-def.js';

export interface ConvNchwPrepared {
  inner: Conv2dPrepared;
  inShape: number[];
  filterShape: number[];
  /** NHWC shape of the inner kernel's output. */
  innerOutShape: number[];
  dtype: Tensor['dtype'];
  filterDtype: Tensor['dtype'];
  outDtype: Tensor['dtype'];
}

/** A tensor with its shape permuted (quantization axis moved along), without data. */
export function permutedTensor(t: Tensor, perm: readonly number[]): Tensor {
  const copy: Tensor = { name: t.name, dtype: t.dtype, shape: permuteShape(t.shape, perm) };
  if (t.quant) copy.quant = { ...t.quant, axis: t.quant.scale.length > 1 ? perm.indexOf(t.quant.axis) : 0 };
  return copy;
}

export const convNchw = defineOp({
  kind: 'conv_nchw',

  inferShapes(op: Op<'conv_nchw'>, g: Graph): number[][] {
    const input = inputAt(g, op, 0);
    const filter = inputAt(g, op, 1);
    requireRank(op, input, 4, 'input');
    requireRank(op, filter, 4, 'filter');
    const a = op.attrs;
    requirePositive(op, { group: a.group, strideH: a.strideH, strideW: a.strideW, dilationH: a.dilationH, dilationW: a.dilationW });
    const [n, c, h, w] = input.shape as [number, number, number, number];
    const [o, fc, kh, kw] = filter.shape as [number, number, number, number];
    if (fc * a.group !== c || o % a.group !== 0) {
      fail('shape/mismatch', `${describeOp(op)}: filter [${filter.shape.join(',')}] with group ${a.group} does not fit ${c} input channels`, { tensor: filter.name });
    }
    const bias = optionalInput(g, op, 2);
    if (bias && elementCount(bias.shape) !== o) fail('shape/mismatch', `${describeOp(op)}: bias '${bias.name}' has ${elementCount(bias.shape)} values for ${o} output channels`, { tensor: bias.name });
    return [[n, o, convOutSize(h, kh, a.strideH, a.dilationH, a.pads.top, a.pads.bottom), convOutSize(w, kw, a.strideW, a.dilationW, a.pads.left, a.pads.right)]];
  },

  prepare(op: Op<'conv_nchw'>, g: Graph): ConvNchwPrepared {
    const input = inputAt(g, op, 0);
    const filter = inputAt(g, op, 1);
    const bias = optionalInput(g, op, 2);
    const output = outputAt(g, op);
    const tensors = [permutedTensor(input, NCHW_TO_NHWC), permutedTensor(filter, NCHW_TO_NHWC), permutedTensor(output, NCHW_TO_NHWC)];
    if (bias) tensors.push({ ...bias, shape: [elementCount(bias.shape)] });
    const { group: _group, ...attrs } = op.attrs;
    const innerOp: Op<'conv2d'> = { kind: 'conv2d', name: op.name, inputs: bias ? [0, 1, 3] : [0, 1], outputs: [2], attrs };
    const inner = conv2d.prepare(innerOp, { name: '', source: '', tensors, ops: [innerOp], inputs: [0], outputs: [2] });
    return {
      inner, inShape: input.shape.slice(), filterShape: filter.shape.slice(), innerOutShape: tensors[2]!.shape.slice(),
      dtype: input.dtype, filterDtype: filter.dtype, outDtype: output.dtype,
    };
  },

  evalRef(p: ConvNchwPrepared, inputs: ReadonlyArray<TensorData | undefined>, outputs: TensorData[]): void {
    const x = permuteData(inputs[0]!, p.dtype, p.inShape, NCHW_TO_NHWC);
    const w = permuteData(inputs[1]!, p.filterDtype, p.filterShape, NCHW_TO_NHWC);
    const y = allocData(p.outDtype, elementCount(p.innerOutShape));
    conv2d.evalRef(p.inner, [x, w, inputs[2]], [y]);
    (outputs[0] as Float32Array).set(permuteData(y, p.outDtype, p.innerOutShape, NHWC_TO_NCHW) as Float32Array);
  },

  cost(op: Op<'conv_nchw'>, g: Graph) {
    const filter = inputAt(g, op, 1);
    return ioCost(op, g, elementCount(outputAt(g, op).shape) * elementCount(filter.shape.slice(1)));
  },
});
