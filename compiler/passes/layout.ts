/**
 * layout: rewrites the channels-first frontend kinds to the NHWC kernels.
 *
 * Each conv_nchw / conv_transpose_nchw / *_pool_nchw becomes
 *   transpose(NCHW → NHWC) → NHWC kernel → transpose(NHWC → NCHW)
 * so the graph keeps ONNX's NCHW semantics everywhere else; the
 * sink-transposes pass then removes the transposes that meet their inverse.
 * Constant weights are transposed here, once: OIHW → OHWI for conv2d,
 * [O, 1, kH, kW] → [1, kH, kW, O] for depthwise_conv2d (a grouped conv with
 * one input channel per group), [C, O, kH, kW] → OHWI for transpose_conv2d.
 */
import { type AnyOp, type Graph, type Op, type Tensor } from '../ir/index.js';
import { NCHW_TO_NHWC, NHWC_TO_NCHW, permuteData } from '../ops/common/layout.js';
import { CIHW_TO_OHWI } from '../ops/conv-transpose-nchw.js';
import { permutedTensor } from '../ops/conv-nchw.js';
import { GraphEditor } from './editor.js';
import type { Pass } from './pass.js';

/** [O, 1, kH, kW] → [1, kH, kW, O]. */
const OIHW_TO_DEPTHWISE: readonly number[] = [1, 2, 3, 0];

class LayoutRewriter {
  readonly e: GraphEditor;
  readonly ops: AnyOp[] = [];
  private readonly memo = new Map<string, number>();

  constructor(g: Graph) {
    this.e = new GraphEditor(g);
  }

  /** Tensor `index` permuted: a new constant for constants, else a transpose op (shared by all readers). */
  permuted(index: number, perm: readonly number[], suffix: string): number {
    const key = `${index}:${perm.join(',')}`;
    const hit = this.memo.get(key);
    if (hit !== undefined) return hit;
    const t = this.e.tensor(index);
    const shaped = permutedTensor(t, perm);
    let out: number;
    if (t.data !== undefined) {
      out = this.e.addConstant(`${t.name}/${suffix}`, t.dtype, shaped.shape, permuteData(t.data, t.dtype, t.shape, perm), shaped.quant);
    } else {
      out = this.e.addTensor({ ...shaped, name: `${t.name}/${suffix}` });
      this.ops.push({ kind: 'transpose', name: `${t.name}/${suffix}`, source: 'layout', inputs: [index], outputs: [out], attrs: { perm: perm.slice() } });
    }
    this.memo.set(key, out);
    return out;
  }

  /** A fresh NHWC tensor for the kernel's result; the original NCHW tensor is then written by a transpose. */
  nhwcResult(output: number): number {
    const t: Tensor = this.e.tensor(output);
    return this.e.addTensor({ ...permutedTensor(t, NCHW_TO_NHWC), name: `${t.name}/nhwc` });
  }

  backToNchw(op: AnyOp, nhwc: number, output: number): void {
    this.ops.push({ kind: 'transpose', name: `${op.name}/to_nchw`, source: op.source ?? 'layout', inputs: [nhwc], outputs: [output], attrs: { perm: NHWC_TO_NCHW.slice() } });
  }

  conv(op: Op<'conv_nchw'>): void {
    const [x, w, b] = op.inputs as [number, number, number | undefined];
    const filter = this.e.tensor(w);
    const inC = this.e.tensor(x).shape[1]!;
    const depthwise = op.attrs.group > 1 && op.attrs.group === inC && filter.shape[1] === 1;
    const { group: _group, ...attrs } = op.attrs;
    const xs = this.permuted(x, NCHW_TO_NHWC, 'nhwc');
    const ws = depthwise ? this.permuted(w, OIHW_TO_DEPTHWISE, 'depthwise') : this.permuted(w, NCHW_TO_NHWC, 'ohwi');
    const inputs = b !== undefined && b >= 0 ? [xs, ws, b] : [xs, ws];
    const y = this.nhwcResult(op.outputs[0]!);
    const base = { name: op.name, source: op.source ?? 'Conv', inputs, outputs: [y] };
    if (depthwise) this.ops.push({ ...base, kind: 'depthwise_conv2d', attrs: { ...attrs, depthMultiplier: filter.shape[0]! / inC } });
    else this.ops.push({ ...base, kind: 'conv2d', attrs });
    this.backToNchw(op, y, op.outputs[0]!);
  }

  convTranspose(op: Op<'conv_transpose_nchw'>): void {
    const [x, w, b] = op.inputs as [number, number, number | undefined];
    const xs = this.permuted(x, NCHW_TO_NHWC, 'nhwc');
    const ws = this.permuted(w, CIHW_TO_OHWI, 'ohwi');
    const y = this.nhwcResult(op.outputs[0]!);
    const a = op.attrs;
    this.ops.push({
      kind: 'transpose_conv2d', name: op.name, source: op.source ?? 'ConvTranspose', inputs: b !== undefined && b >= 0 ? [xs, ws, b] : [xs, ws], outputs: [y],
      attrs: { pads: a.pads, strideH: a.strideH, strideW: a.strideW, activation: 'none' },
    });
    this.backToNchw(op, y, op.outputs[0]!);
  }

  pool(op: Op<'max_pool_nchw'> | Op<'avg_pool_nchw'>): void {
    const xs = this.permuted(op.inputs[0]!, NCHW_TO_NHWC, 'nhwc');
    const y = this.nhwcResult(op.outputs[0]!);
    const kind = op.kind === 'max_pool_nchw' ? 'max_pool2d' : 'avg_pool2d';
    this.ops.push({ kind, name: op.name, source: op.source ?? 'Pool', inputs: [xs], outputs: [y], attrs: op.attrs } as AnyOp);
    this.backToNchw(op, y, op.outputs[0]!);
  }
}

export function lowerLayout(g: Graph): Graph {
  if (!g.ops.some((op) => op.kind.endsWith('_nchw'))) return g;
  const r = new LayoutRewriter(g);
  for (const op of g.ops) {
    switch (op.kind) {
      case 'conv_nchw': r.conv(op); break;
      case 'conv_transpose_nchw': r.convTranspose(op); break;
      case 'max_pool_nchw':
      case 'avg_pool_nchw': r.pool(op); break;
      default: r.ops.push(op);
    }
  }
  return r.e.build(r.ops);
}

export const layout: Pass = {
  name: 'layout',
  description: 'rewrite channels-first (NCHW) conv and pool ops to the NHWC kernels between transposes',
  run: lowerLayout,
};

