/**
 * `ingot inspect` as text: a header, the inputs and outputs, a table of ops
 * and a table of tensors, sized to the longest cell of each column.
 */
import type { ModelSummary, TensorSummary } from './model-summary.js';

export function formatSummary(s: ModelSummary): string {
  const lines: string[] = [];
  lines.push(`model ${s.name} (${s.source}): ${s.totals.ops} ops, ${formatCount(s.totals.macs)} MACs, ${formatBytes(s.totals.weightBytes)} of weights`);
  for (const t of s.inputs) lines.push(`  input  ${describe(t)}`);
  for (const t of s.outputs) lines.push(`  output ${describe(t)}`);
  lines.push('');
  lines.push('ops:');
  lines.push(
    ...table(
      ['#', 'op', 'kind', 'output', 'MACs', 'weights', 'name'],
      s.ops.map((o) => [
        String(o.index),
        o.supported ? o.sourceOp : `${o.sourceOp} (UNSUPPORTED)`,
        o.kind,
        `${o.outputDtype}[${o.outputShape.join(',')}]`,
        formatCount(o.macs),
        formatBytes(o.weightBytes),
        o.name,
      ]),
      [false, false, false, false, true, true, false],
    ),
  );
  lines.push('');
  lines.push('tensors:');
  lines.push(
    ...table(
      ['#', 'kind', 'type', 'shape', 'bytes', 'quantization', 'name'],
      s.tensors.map((t) => [String(t.index), t.kind, t.dtype, `[${t.shape.join(',')}]`, String(t.bytes), quantText(t), t.name]),
      [true, false, false, false, true, false, false],
    ),
  );
  const bad = s.ops.filter((o) => !o.supported);
  if (bad.length > 0) {
    lines.push('');
    for (const o of bad) lines.push(`unsupported: op ${o.index} ${o.sourceOp}: ${o.problem ?? ''}`);
  }
  return lines.join('\n');
}

function describe(t: TensorSummary): string {
  const q = quantText(t);
  return `${JSON.stringify(t.name)} ${t.dtype}[${t.shape.join(',')}]${q ? ' ' + q : ''}`;
}

function quantText(t: TensorSummary): string {
  if (!t.quant) return '';
  if (t.quant.scale.length === 1) return `scale=${Number(t.quant.scale[0]!.toPrecision(6))} zp=${t.quant.zeroPoint[0]}`;
  return `per-channel axis=${t.quant.axis} (${t.quant.scale.length})`;
}

export function formatCount(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)}G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (n >= 1e4) return `${(n / 1e3).toFixed(1)}k`;
  return String(n);
}

export function formatBytes(n: number): string {
  if (n >= 1 << 20) return `${(n / (1 << 20)).toFixed(2)} MiB`;
  if (n >= 1 << 10) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}

function table(header: string[], rows: string[][], rightAlign: boolean[]): string[] {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const fmt = (r: string[]): string =>
    '  ' + r.map((cell, c) => (c === r.length - 1 ? cell : rightAlign[c] ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ');
  return [fmt(header), ...rows.map(fmt)];
}
