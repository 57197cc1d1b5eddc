/**
 * Pooling the NHWC pool kernels cannot run — 3-D windows, dilated windows,
 * LpPool — lowered at import into one strided slice per window tap:
 *
 * - the input is padded with constant slabs (−∞ for MaxPool, 0 otherwise)
 *   to the extent the last window reaches, ceil_mode's overhang included;
 * - tap k of the window (an offset k·dilation along every spatial dim) is
 *   the slice of the padded input from that offset with the pool's
 *   strides, the same shape as the output;
 * - MaxPool takes the element-wise maximum of the taps; AveragePool sums
 *   them and divides by a constant table of how many taps each output
 *   counts (the taps inside the input, or inside the explicit pads with
 *   count_include_pad); LpPool sums |x|^p, then takes the p-th root.
 *
 * A window of K taps costs K slices and K − 1 element-wise ops, fine for
 * the small windows of 3-D models; 1-D and 2-D windows without dilation
 * keep the pool kernels (nn.ts).
 */
import type { NodeContext } from '../context.js';
import { NO_ACTIVATION, readWindowNd, requireFloat } from './common.js';

type Mode = 'max' | 'avg' | 'lp';

/** Largest LpPool p taken: |x|^p is p − 1 products. */
const MAX_P = 8;

export function poolByTaps(c: NodeContext, mode: Mode): void {
  requireFloat(c);
  if (mode === 'max' && c.hasOutput(1)) c.fail('onnx/unsupported-op', 'the Indices output of MaxPool is not supported');
  const shape = c.tensor(0).shape;
  if (shape.length < 3) c.fail('onnx/invalid', `the input must have a batch, a channel and at least one spatial dim, got [${shape.join(',')}]`);
  const spatial = shape.slice(2);
  const win = readWindowNd(c, spatial, undefined);
  const ceil = c.attrs.int('ceil_mode', 0) === 1;
  const includePad = mode === 'avg' && c.attrs.int('count_include_pad', 0) === 1;
  const p = mode === 'lp' ? c.attrs.int('p', 2) : 0;
  if (mode === 'lp' && (p < 1 || p > MAX_P)) c.fail('onnx/unsupported-op', `LpPool with p=${p} is not supported (p = 1 to ${MAX_P} are)`);

  // Output extent per spatial dim; with ceil_mode a window that would start inside the end padding is dropped (as ONNX Runtime).
  const reach = spatial.map((_, i) => (win.kernel[i]! - 1) * win.dilations[i]! + 1);
  const out = spatial.map((size, i) => {
    const room = size + win.padsBegin[i]! + win.padsEnd[i]! - reach[i]!;
    if (room < 0) c.fail('onnx/invalid', `the window (${reach[i]} wide) is larger than the padded input (${size + win.padsBegin[i]! + win.padsEnd[i]!}) along spatial dim ${i}`);
    if (!ceil) return Math.floor(room / win.strides[i]!) + 1;
    const n = Math.ceil(room / win.strides[i]!) + 1;
    return (n - 1) * win.strides[i]! >= size + win.padsBegin[i]! ? n - 1 : n;
  });

  // |x|^p once, before padding with zeros: p − 1 products of |x|.
  let x = c.input(0);
  if (mode === 'lp') {
    const magnitude = c.emit('abs', {}, [x], { suffix: 'abs' });
    x = magnitude;
    for (let k = 2; k <= p; k++) x = c.emit('mul', NO_ACTIVATION, [x, magnitude], { suffix: `pow${k}` });
  }

  // Pad every spatial dim to what the windows reach, with constant slabs.
  const fill = mode === 'max' ? -Infinity : 0;
  spatial.forEach((size, i) => {
    const before = win.padsBegin[i]!;
    const after = Math.max(0, (out[i]! - 1) * win.strides[i]! + reach[i]! - size - before);
    if (before === 0 && after === 0) return;
    const axis = i + 2;
    const slab = (n: number, name: string): number => {
      const slabShape = c.tensorAt(x).shape.slice();
      slabShape[axis] = n;
      return c.constTensor(`${name}${i}`, 'f32', slabShape, new Float32Array(slabShape.reduce((a, d) => a * d, 1)).fill(fill));
    };
    const parts = [...(before > 0 ? [slab(before, 'pad_begin')] : []), x, ...(after > 0 ? [slab(after, 'pad_end')] : [])];
    x = c.emit('concat', { axis, activation: 'none' }, parts, { suffix: `padded${i}` });
  });

  // One slice per tap, combined as it comes.
  const rank = shape.length;
  const taps = win.kernel.reduce((a, k) => a * k, 1);
  let combined = -1;
  for (let t = 0; t < taps; t++) {
    let rest = t;
    const offsets = win.kernel.map(() => 0);
    for (let i = spatial.length - 1; i >= 0; i--) {
      offsets[i] = (rest % win.kernel[i]!) * win.dilations[i]!;
      rest = Math.floor(rest / win.kernel[i]!);
    }
    const begin = [0, 0, ...offsets];
    const end = [shape[0]!, shape[1]!, ...offsets.map((o, i) => o + (out[i]! - 1) * win.strides[i]! + 1)];
    const tap = c.emit('strided_slice', { begin, end, strides: [1, 1, ...win.strides], squeeze: [] }, [x], { suffix: `tap${t}` });
    const last = t === taps - 1 && mode === 'max';
    combined = combined < 0 ? tap : c.emit(mode === 'max' ? 'maximum' : 'add', NO_ACTIVATION, [combined, tap], last ? { output: 0 } : { suffix: `taps${t}` });
  }
  if (mode === 'max') {
    if (taps === 1) c.bind(0, combined);
    return;
  }
  if (mode === 'lp') {
    // The p-th root: √ for p = 2, else exp(log(s) / p) (s ≥ 0; log 0 = −∞ gives 0).
    if (p === 1) c.bind(0, combined);
    else if (p === 2) c.emit('sqrt', {}, [combined], { output: 0 });
    else {
      const logs = c.emit('log', {}, [combined], { suffix: 'log' });
      const scaled = c.emit('mul', NO_ACTIVATION, [logs, c.constTensor('inv_p', 'f32', [], new Float32Array([1 / p]))], { suffix: 'log_over_p' });
      c.emit('exp', {}, [scaled], { output: 0 });
    }
    return;
  }

  // AveragePool: the taps each output counts, a product of per-dim counts.
  const perDim = spatial.map((size, i) => Array.from({ length: out[i]! }, (_, o) => {
    const lo = includePad ? -win.padsBegin[i]! : 0;
    const hi = includePad ? size + win.padsEnd[i]! : size;
    let n = 0;
    for (let k = 0; k < win.kernel[i]!; k++) {
      const q = o * win.strides[i]! - win.padsBegin[i]! + k * win.dilations[i]!;
      if (q >= lo && q < hi) n++;
    }
    return n;
  }));
  const counts = new Float32Array(out.reduce((a, d) => a * d, 1));
  counts.forEach((_, flat) => {
    let rest = flat;
    let n = 1;
    for (let i = spatial.length - 1; i >= 0; i--) {
      n *= perDim[i]![rest % out[i]!]!;
      rest = Math.floor(rest / out[i]!);
    }
    counts[flat] = n;
  });
  if (counts.some((n) => n === 0)) c.fail('onnx/invalid', 'a pooling window covers no input element');
  const table = c.constTensor('tap_counts', 'f32', [1, 1, ...out].slice(0, rank), counts);
  c.emit('div', NO_ACTIVATION, [combined, table], { output: 0 });
}
