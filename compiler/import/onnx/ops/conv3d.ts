/**
 * ONNX Conv over three spatial dims, lowered at import onto the 2-D
 * convolution: a 3-D window is the sum over its depth taps of 2-D windows,
 * one per depth tap kd, each over the depth slices that tap reads —
 *
 *   y[n, m, od] = Σ_kd conv2d(x[n, :, od·s_d + kd·d_d − pad_d], W[m, :, kd]) (+ bias)
 *
 * The input is padded along depth with zero slabs, each tap's slices are
 * strided out of it and stacked into the batch ([N·OD, C, H, W]), convolved
 * with that tap's [M, C/g, kH, kW] weights (height and width keep their
 * pads, strides, dilations and groups), and the taps' results are summed;
 * the bias rides on the first tap. Float32, constant weights.
 */
import type { NodeContext } from '../context.js';
import { toNumbers } from '../tensor-proto.js';
import { NO_ACTIVATION, readWindowNd, requireFloat, reshapeTo } from './common.js';

export function convolution3d(c: NodeContext, x: number, bias: number): void {
  requireFloat(c);
  const weights = c.constant(1, 'weight');
  const [N, C, D, H, W] = c.tensorAt(x).shape as [number, number, number, number, number];
  const [M, Cg, kD, kH, kW] = weights.shape as [number, number, number, number, number];
  const win = readWindowNd(c, [D, H, W], [kD, kH, kW]);
  const group = c.attrs.int('group', 1);
  const [dD, sD] = [win.dilations[0]!, win.strides[0]!];
  const [padB, padE] = [win.padsBegin[0]!, win.padsEnd[0]!];
  const reach = (kD - 1) * dD + 1;
  const OD = Math.floor((D + padB + padE - reach) / sD) + 1;
  if (OD < 1) c.fail('onnx/invalid', `the depth window (${reach}) is larger than the padded input depth (${D + padB + padE})`);

  // Zero slabs before and after along depth.
  let padded = x;
  if (padB > 0 || padE > 0) {
    const slab = (n: number, name: string): number => c.constTensor(name, 'f32', [N, C, n, H, W], new Float32Array(N * C * n * H * W));
    padded = c.emit('concat', { axis: 2, activation: 'none' }, [...(padB > 0 ? [slab(padB, 'depth_pad_begin')] : []), x, ...(padE > 0 ? [slab(padE, 'depth_pad_end')] : [])], { suffix: 'depth_padded' });
  }
  const w = Float32Array.from(toNumbers(weights.data));
  const attrs = {
    pads: { top: win.padsBegin[1]!, left: win.padsBegin[2]!, bottom: win.padsEnd[1]!, right: win.padsEnd[2]! },
    strideH: win.strides[1]!, strideW: win.strides[2]!, dilationH: win.dilations[1]!, dilationW: win.dilations[2]!,
    activation: 'none' as const, group,
  };
  let sum = -1;
  for (let kd = 0; kd < kD; kd++) {
    const begin = [0, 0, kd * dD, 0, 0];
    const end = [N, C, kd * dD + (OD - 1) * sD + 1, H, W];
    const slices = c.emit('strided_slice', { begin, end, strides: [1, 1, sD, 1, 1], squeeze: [] }, [padded], { suffix: `depth_tap${kd}` });
    const stacked = reshapeTo(c, c.emit('transpose', { perm: [0, 2, 1, 3, 4] }, [slices], { suffix: `depth_tap${kd}_ndc` }), [N * OD, C, H, W], { suffix: `depth_tap${kd}_batched` });
    // W[:, :, kd] as [M, C/g, kH, kW].
    const tapWeights = new Float32Array(M * Cg * kH * kW);
    for (let mc = 0; mc < M * Cg; mc++) tapWeights.set(w.subarray((mc * kD + kd) * kH * kW, (mc * kD + kd + 1) * kH * kW), mc * kH * kW);
    const wt = c.constTensor(`weights_tap${kd}`, 'f32', [M, Cg, kH, kW], tapWeights);
    const y = c.emit('conv_nchw', attrs, kd === 0 && bias >= 0 ? [stacked, wt, bias] : [stacked, wt], { suffix: `conv_tap${kd}` });
    sum = sum < 0 ? y : c.emit('add', NO_ACTIVATION, [sum, y], { suffix: `taps${kd}` });
  }
  const [, , OH, OW] = c.tensorAt(sum).shape as [number, number, number, number];
  const split = reshapeTo(c, sum, [N, OD, M, OH, OW], { suffix: 'depth_unbatched' });
  c.emit('transpose', { perm: [0, 2, 1, 3, 4] }, [split], { output: 0 });
}
