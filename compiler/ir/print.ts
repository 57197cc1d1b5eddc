/**
 * A plain-text dump of a graph, one line per tensor and per op, for
 * `ingot inspect --stage=…` and for reading test failures.
 */
import type { Graph } from './graph.js';
import type { QuantParams, Tensor } from './tensor.js';

export function formatQuant(q: QuantParams | undefined): string {
  if (q === undefined) return '';
  if (q.scale.length === 1) return `s=${fmt(q.scale[0]!)} zp=${q.zeroPoint[0] ?? 0}`;
  return `per-channel(axis=${q.axis}, ${q.scale.length} scales)`;
}

export function formatTensor(t: Tensor): string {
  const flags = [t.data !== undefined ? 'const' : '', t.persistent ? 'state' : ''].filter(Boolean).join(',');
  const quant = formatQuant(t.quant);
  return `${t.dtype}[${t.shape.join(',')}]${quant ? ' ' + quant : ''}${flags ? ' (' + flags + ')' : ''} ${JSON.stringify(t.name)}`;
}

export function printGraph(g: Graph): string {
  const lines: string[] = [`graph ${JSON.stringify(g.name)} (${g.source})`];
  const ref = (i: number): string => (i < 0 ? '-' : `%${i}`);
  lines.push(`inputs: ${g.inputs.map(ref).join(' ')}  outputs: ${g.outputs.map(ref).join(' ')}`);
  g.tensors.forEach((t, i) => lines.push(`  %${i} = ${formatTensor(t)}`));
  g.ops.forEach((op, i) => {
    lines.push(`  #${i} ${op.outputs.map(ref).join(', ')} = ${op.kind}(${op.inputs.map(ref).join(', ')}) ${JSON.stringify(op.attrs)}`);
  });
  return lines.join('\n');
}

function fmt(x: number): string {
  return Number(x.toPrecision(7)).toString();
}
