/**
 * ONNX Attention (opset 23 on), lowered at import into IR kinds every
 * backend runs, step for step as ONNX's reference computes it:
 *
 * - 3-D Q, K, V ([batch, seq, heads·size]) are split into heads and moved to
 *   [batch, heads, seq, size]; 4-D ones already are;
 * - past_key / past_value are concatenated in front of K / V along the
 *   sequence (present_key / present_value, unscaled);
 * - Q and K are each multiplied by √scale (scale defaults to 1/√head_size);
 * - grouped-query attention repeats each K/V head for its group of query
 *   heads ([h0, h0, h1, h1, …]) with a constant-index gather;
 * - the scores Q·Kᵀ are soft-capped (softcap · tanh(s / softcap)) when
 *   softcap > 0, then the bias is added: a float mask, or a bool mask as
 *   0 / −inf (either padded with −inf to the key length), and with is_causal
 *   a constant −inf above the diagonal, offset by the past length;
 * - softmax over the keys, then · V, and 3-D outputs merged back.
 *
 * qk_matmul_output is the soft-capped scores (modes 0 and 1), the biased
 * scores (2) or the softmax (3). Computation is float32 (softmax_precision
 * is not honoured); nonpad_kv_seqlen is refused.
 */
import type { NodeContext } from '../context.js';
import { NO_ACTIVATION, reshapeTo } from './common.js';

export function convertAttention(c: NodeContext): void {
  for (const i of [0, 1, 2]) {
    if (c.tensor(i).dtype !== 'f32') c.fail('onnx/unsupported-type', `Attention is supported on float32; input ${i} is ${c.tensor(i).dtype}`);
  }
  if (c.has(6)) c.fail('onnx/unsupported-op', 'Attention with nonpad_kv_seqlen is not supported', 'pass the padding as attn_mask instead');
  const rank = c.tensor(0).shape.length;
  if (rank !== 3 && rank !== 4) c.fail('onnx/invalid', `Attention takes 3-D or 4-D Q, K and V, not rank ${rank}`);
  const mul = (a: number, b: number, suffix: string): number => c.emit('mul', NO_ACTIVATION, [a, b], { suffix });
  const scalar = (name: string, v: number): number => c.constTensor(name, 'f32', [], new Float32Array([v]));

  // [batch, seq, heads·size] → [batch, heads, seq, size].
  const heads = (input: number, count: number, name: string): number => {
    const [b, s, hidden] = c.tensorAt(input).shape as [number, number, number];
    if (hidden % count !== 0) c.fail('onnx/invalid', `${name} width ${hidden} does not split into ${count} heads`);
    const split = reshapeTo(c, input, [b, s, count, hidden / count], { suffix: `${name}_heads` });
    return c.emit('transpose', { perm: [0, 2, 1, 3] }, [split], { suffix: `${name}_bhsd` });
  };
  let q = c.input(0);
  let k = c.input(1);
  let v = c.input(2);
  if (rank === 3) {
    const qHeads = c.attrs.int('q_num_heads', 0);
    const kvHeads = c.attrs.int('kv_num_heads', 0);
    if (qHeads < 1 || kvHeads < 1) c.fail('onnx/bad-attribute', '3-D Attention needs q_num_heads and kv_num_heads');
    q = heads(q, qHeads, 'q');
    k = heads(k, kvHeads, 'k');
    v = heads(v, kvHeads, 'v');
  }
  const [batch, qHeads, qLen, headSize] = c.tensorAt(q).shape as [number, number, number, number];

  // The key / value cache: past in front of the new entries.
  const withPast = (input: number, past: number, output: number, name: string): number => {
    const joined = c.has(past) ? c.emit('concat', { axis: 2, activation: 'none' }, [c.input(past), input], c.hasOutput(output) ? { output } : { suffix: `${name}_present` }) : input;
    if (!c.has(past) && c.hasOutput(output)) c.bind(output, joined);
    return joined;
  };
  const pastLen = c.has(4) ? c.tensor(4).shape[2]! : 0;
  k = withPast(k, 4, 1, 'k');
  v = withPast(v, 5, 2, 'v');
  const kvHeads = c.tensorAt(k).shape[1]!;
  const kvLen = c.tensorAt(k).shape[2]!;

  const scale = c.attrs.has('scale') ? c.attrs.float('scale', 0) : 1 / Math.sqrt(headSize);
  const root = scalar('sqrt_scale', Math.fround(Math.sqrt(scale)));
  const qScaled = mul(q, root, 'q_scaled');
  let kScaled = mul(k, root, 'k_scaled');

  // Grouped-query attention: each K/V head serves q_heads / kv_heads query heads, interleaved.
  if (qHeads !== kvHeads) {
    if (qHeads % kvHeads !== 0) c.fail('onnx/invalid', `${qHeads} query heads do not group over ${kvHeads} key/value heads`);
    const group = qHeads / kvHeads;
    const indices = c.constTensor('head_groups', 'i32', [qHeads], Int32Array.from({ length: qHeads }, (_, h) => Math.floor(h / group)));
    kScaled = c.emit('gather', { axis: 1 }, [kScaled, indices], { suffix: 'k_grouped' });
    v = c.emit('gather', { axis: 1 }, [v, indices], { suffix: 'v_grouped' });
  }

  const kT = c.emit('transpose', { perm: [0, 1, 3, 2] }, [kScaled], { suffix: 'k_transposed' });
  let scores = c.emit('batch_matmul', {}, [qScaled, kT], { suffix: 'scores' });
  const softcap = c.attrs.float('softcap', 0);
  if (softcap > 0) {
    const capped = c.emit('tanh', {}, [mul(scores, scalar('inv_softcap', Math.fround(1 / softcap)), 'scores_over_cap')], { suffix: 'scores_tanh' });
    scores = mul(capped, scalar('softcap', Math.fround(softcap)), 'scores_capped');
  }
  const capped = scores;

  const bias = attentionBias(c, qLen, kvLen, pastLen);
  const biased = bias === undefined ? scores : c.emit('add', NO_ACTIVATION, [scores, bias], { suffix: 'scores_biased' });
  const probabilities = c.emit('softmax', { beta: 1 }, [biased], { suffix: 'probabilities' });
  if (c.hasOutput(3)) {
    const mode = c.attrs.int('qk_matmul_output_mode', 0);
    c.bind(3, mode === 2 ? biased : mode === 3 ? probabilities : capped);
  }

  const y = c.emit('batch_matmul', {}, [probabilities, v], rank === 4 ? { output: 0 } : { suffix: 'attended' });
  if (rank === 3) {
    const vSize = c.tensorAt(v).shape[3]!;
    const moved = c.emit('transpose', { perm: [0, 2, 1, 3] }, [y], { suffix: 'bshd' });
    reshapeTo(c, moved, [batch, qLen, qHeads * vSize], { output: 0 });
  }
}

/** The additive bias over [q, kv]: the mask (bool as 0 / −inf, padded with −inf to kv), plus the causal −inf triangle. */
function attentionBias(c: NodeContext, qLen: number, kvLen: number, pastLen: number): number | undefined {
  const causal = c.attrs.int('is_causal', 0) === 1;
  let mask: number | undefined;
  if (c.has(3)) {
    const m = c.tensor(3);
    mask = c.input(3);
    if (m.dtype === 'bool') {
      const zero = c.constTensor('mask_keep', 'f32', [], new Float32Array([0]));
      const blocked = c.constTensor('mask_block', 'f32', [], new Float32Array([-Infinity]));
      mask = c.emit('where', {}, [mask, zero, blocked], { suffix: 'mask_bias', dtype: 'f32' });
    } else if (m.dtype !== 'f32') {
      c.fail('onnx/unsupported-type', `attn_mask is ${m.dtype}; bool or float32 masks are supported`);
    }
    const width = m.shape[m.shape.length - 1]!;
    if (width < kvLen) {
      const padShape = [...m.shape.slice(0, -1), kvLen - width];
      const pad = c.constTensor('mask_pad', 'f32', padShape, new Float32Array(padShape.reduce((a, b) => a * b, 1)).fill(-Infinity));
      mask = c.emit('concat', { axis: m.shape.length - 1, activation: 'none' }, [mask, pad], { suffix: 'mask_padded' });
    }
  }
  if (!causal) return mask;
  // Query i (after `pastLen` cached keys) sees keys j ≤ pastLen + i.
  const triangle = new Float32Array(qLen * kvLen);
  for (let i = 0; i < qLen; i++) for (let j = 0; j < kvLen; j++) if (j >= pastLen && j - pastLen > i) triangle[i * kvLen + j] = -Infinity;
  const causalBias = c.constTensor('causal_bias', 'f32', [qLen, kvLen], triangle);
  return mask === undefined ? causalBias : c.emit('add', NO_ACTIVATION, [mask, causalBias], { suffix: 'mask_causal' });
}
