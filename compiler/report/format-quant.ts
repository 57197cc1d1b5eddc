/**
 * The quantization report as text for a terminal: a summary line, the
 * accuracy of each output against the float model, the per-layer table
 * (width, weight bytes, SQNR, cosine, max error) and, in mixed mode, the
 * width choice and why. The JSON form is the report object itself.
 */
import type { QuantReport } from '../quant/quantize-model.js';
import type { ErrorStats } from '../quant/metrics.js';

const db = (s: ErrorStats): string => (s.sqnrDb === null ? 'exact' : `${s.sqnrDb.toFixed(1)} dB`);
const pct = (x: number | null): string => (x === null ? '-' : `${(100 * x).toFixed(1)}%`);
const num = (x: number): string => (x === 0 ? '0' : Math.abs(x) >= 1e-3 ? x.toPrecision(4) : x.toExponential(2));

function pad(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]!))).join('  ').trimEnd());
}

export function formatQuantReport(r: QuantReport): string {
  const b = r.constantBytes;
  const lines: string[] = [
    `${r.model}: ${r.mode} quantization, ${r.range} activation ranges, ${r.io} I/O`,
    `samples: ${r.calibrationSamples} calibration, ${r.evaluationSamples} evaluation`,
    `constant data: ${b.quantized} bytes (float ${b.float}, all-int8 ${b.int8}; ${((100 * b.quantized) / b.float).toFixed(1)}% of float)`,
    '',
    'outputs (quantized vs float):',
  ];
  lines.push(...pad([
    ['  output', 'top-1 agree', 'SQNR', 'cosine', 'max |err|'],
    ...r.outputs.map((o) => [`  ${o.name}`, pct(o.stats.top1Agreement), db(o.stats), o.stats.cosine.toFixed(5), num(o.stats.maxAbsError)]),
  ]));
  lines.push('', 'layers:');
  lines.push(...pad([
    ['  #', 'op', 'bits', 'weight B', 'SQNR', 'cosine', 'max |err|', 'name'],
    ...r.layers.map((l) => [
      `  ${l.index}`, l.kind, l.weightBits === null ? '-' : String(l.weightBits), l.weightBits === null ? '-' : String(l.weightBytes),
      ...(l.stats ? [db(l.stats), l.stats.cosine.toFixed(5), num(l.stats.maxAbsError)] : ['-', '-', '-']), l.name,
    ]),
  ]));
  if (r.mixed) {
    const m = r.mixed;
    lines.push('', `mixed precision: ${m.totalBytes} of ${m.budgetBytes} bytes budget (all-int8 would be ${m.int8Bytes}); predicted output noise ${num(m.predictedNoise)} (all-int8 ${num(m.baseNoise)})`);
    lines.push(...pad([
      ['  #', 'bits', 'bytes', 'noise@4', 'noise@2', 'name'],
      ...m.layers.map((l) => [`  ${l.index}`, String(l.bits), String(l.bytes), num(l.noise[4]), num(l.noise[2]), l.name]),
    ]));
  }
  return lines.join('\n');
}
