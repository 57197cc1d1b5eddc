/**
 * CONV_TRANSPOSE_NCHW: ONNX ConvTranspose with its own layout — NCHW input,
 * [C, O, kH, kW] filter, NCHW output, begin/end pads (a negative end pad is
 * how output_padding or output_shape grows the output). One group, no
 * dilation: the importer rejects the rest.
 *
 * A frontend kind: the layout pass rewrites it to transpose_conv2d (OHWI
 * filter) between transposes; its reference evaluation is that rewrite done
 * on data.
 */
import { allocData, elementCount, fail, inputAt, optionalInput, outputAt, type Graph, type Op, type Tensor, type TensorData } from '../ir/index.js';
import { describeOp, requirePositive, requireRank } from './common/checks.js';
import { ioCost } from './common/cost.js';
import { NCHW_TO_NHWC, NHWC_TO_NCHW, permuteData } from './common/layout.js';
import { permutedTensor } from './conv-nchw.js';
import { defineOp } from './op-def.js';
import { transposeConv2d, type TransposeConv2dPrepared } from './transpose-conv2d.js';

/** ONNX [C, O, kH, kW] → OHWI [O, kH, kW, C]. */
export const CIHW_TO_OHWI: readonly number[] = [1, 2, 3, 0];

export interface ConvTransposeNchwPrepared {
  inner: TransposeConv2dPrepared;
  inShape: number[];
  filterShape: number[];
  innerOutShape: number[];
  dtype: Tensor['dtype'];
}

export const convTransposeNchw = defineOp({
  kind: 'conv_transpose_nchw',

  inferShapes(op: Op<'conv_transpose_nchw'>, g: Graph): number[][] {
    const input = inputAt(g, op, 0);
    const filter = inputAt(g, op, 1);
    requireRank(op, input, 4, 'input');
    requireRank(op, filter, 4, 'filter');
    const a = op.attrs;
    requirePositive(op, { strideH: a.strideH, strideW: a.strideW });
    if (a.group !== 1) fail('op/unsupported', `${describeOp(op)}: grouped transpose convolution (group ${a.group}) is not supported`);
    const [n, c, h, w] = input.shape as [number, number, number, number];
    const [fc, o, kh, kw] = filter.shape as [number, number, number, number];
    if (fc !== c) fail('shape/mismatch', `${describeOp(op)}: filter [${filter.shape.join(',')}] does not fit ${c} input channels`, { tensor: filter.name });
    const outH = (h - 1) * a.strideH + kh - a.pads.top - a.pads.bottom;
    const outW = (w - 1) * a.strideW + kw - a.pads.left - a.pads.right;
    if (outH < 1 || outW < 1) fail('shape/mismatch', `${describeOp(op)}: the pads leave an empty output`);
    return [[n, o, outH, outW]];
  },

  prepare(op: Op<'conv_transpose_nchw'>, g: Graph): ConvTransposeNchwPrepared {
    const input = inputAt(g, op, 0);
    const filter = inputAt(g, op, 1);
    const bias = optionalInput(g, op, 2);
    const output = outputAt(g, op);
    const tensors = [permutedTensor(input, NCHW_TO_NHWC), permutedTensor(filter, CIHW_TO_OHWI), permutedTensor(output, NCHW_TO_NHWC)];
    if (bias) tensors.push({ ...bias, shape: [elementCount(bias.shape)] });
    const a = op.attrs;
    const innerOp: Op<'transpose_conv2d'> = {
      kind: 'transpose_conv2d', name: op.name, inputs: bias ? [0, 1, 3] : [0, 1], outputs: [2],
      attrs: { pads: a.pads, strideH: a.strideH, strideW: a.strideW, activation: 'none' },
    };
    const inner = transposeConv2d.prepare(innerOp, { name: '', source: '', tensors, ops: [innerOp], inputs: [0], outputs: [2] });
    return { inner, inShape: input.shape.slice(), filterShape: filter.shape.slice(), innerOutShape: tensors[2]!.shape.slice(), dtype: input.dtype };
  },

  evalRef(p: ConvTransposeNchwPrepared, inputs: ReadonlyArray<TensorData | undefined>, outputs: TensorData[]): void {
    const x = permuteData(inputs[0]!, p.dtype, p.inShape, NCHW_TO_NHWC);
    const w = permuteData(inputs[1]!, p.dtype, p.filterShape, CIHW_TO_OHWI);
    const y = allocData(p.dtype, elementCount(p.innerOutShape));
    transposeConv2d.evalRef(p.inner, [x, w, inputs[2]], [y]);
    (outputs[0] as Float32Array).set(permuteData(y, p.dtype, p.innerOutShape, NHWC_TO_NCHW) as Float32Array);
  },

  cost(op: Op<'conv_transpose_nchw'>, g: Graph) {
    const filter = inputAt(g, op, 1);
    return ioCost(op, g, elementCount(inputAt(g, op, 0).shape) * elementCount(filter.shape.slice(1)));
  },
});
