/**
 * The size report of a bundle: what the compiler predicted (from the
 * manifest) beside what the built objects measure, per section, with the
 * relative difference and how much of the target's typical part it uses.
 * Text for people, the same rows as JSON for build systems.
 */
import type { Target } from '../../targets/index.js';
import type { Manifest } from '../bundle/manifest.js';
import type { MeasuredSizes } from '../device/measure-bundle.js';

export interface SizeRow {
  item: string;
  predicted?: number;
  measured?: number;
  /** Whether the prediction is exact by construction (weights, arena). */
  exact?: boolean;
}

export interface SizeReport {
  model: string;
  target: string;
  kernels: string;
  rows: SizeRow[];
  flash: { predicted: number; measured: number; partBytes: number };
  /** Both figures include the stack when it was measured; without a board that measures it, neither does (like with like). */
  ram: { predicted: number; measured: number; partBytes: number; stackMeasured: boolean };
  /** A typical part's memories mean something (not on the host). */
  hasPart: boolean;
  method: string;
}

export function sizeReport(manifest: Manifest, measured: MeasuredSizes, target: Target): SizeReport {
  const p = manifest.sizes;
  const c = measured.code;
  const w = measured.weights;
  const staticData = c.data + c.bss + w.data + w.bss;
  const stackMeasured = measured.invokeStackBytes !== undefined;
  // Without a measured stack, RAM is compared without the predicted one too.
  const ramPredicted = stackMeasured ? p.ramBytesEstimate : p.ramBytesEstimate - p.stackBytesEstimate;
  const rows: SizeRow[] = [
    { item: 'code (.text)', measured: c.text },
    { item: 'kernel tables (.rodata)', measured: c.rodata },
    { item: 'code + tables', predicted: p.codeBytesEstimate, measured: c.text + c.rodata + c.data },
    { item: 'weights', predicted: p.weightsBytes, measured: w.text + w.rodata + w.data, exact: true },
    { item: 'flash', predicted: p.flashBytesEstimate, measured: measured.flashBytes },
    { item: 'arena', predicted: p.arenaBytes, measured: measured.arenaBytes, exact: true },
    { item: 'stack (below _invoke)', predicted: p.stackBytesEstimate, ...(measured.invokeStackBytes !== undefined ? { measured: measured.invokeStackBytes } : {}) },
    { item: 'static data (.data + .bss)', predicted: 0, measured: staticData },
    { item: stackMeasured ? 'RAM' : 'RAM without stack', predicted: ramPredicted, measured: measured.ramBytes },
  ];
  return {
    model: manifest.name,
    target: target.id,
    kernels: manifest.kernels,
    rows,
    flash: { predicted: p.flashBytesEstimate, measured: measured.flashBytes, partBytes: target.flashBytes },
    ram: { predicted: ramPredicted, measured: measured.ramBytes, partBytes: target.ramBytes, stackMeasured },
    hasPart: !target.hosted,
    method: measured.method,
  };
}

const n = (x: number | undefined): string => (x === undefined ? '-' : Math.round(x).toLocaleString('en-US'));

function difference(row: SizeRow): string {
  if (row.predicted === undefined || row.measured === undefined) return '';
  if (row.predicted === row.measured) return row.exact ? 'exact' : 'equal';
  if (row.measured === 0) return `+${n(row.predicted)} B`;
  const pct = ((row.predicted - row.measured) / row.measured) * 100;
  return `${pct >= 0 ? '+' : ''}${pct.toFixed(1)} %`;
}

const share = (used: number, part: number): string => `${((used / part) * 100).toFixed(part > used * 1000 ? 3 : 1)} %`;

export function formatSizeReport(r: SizeReport): string {
  const header = ['', 'predicted B', 'measured B', 'predicted vs measured'];
  const cells = r.rows.map((row) => [row.item, n(row.predicted), n(row.measured), difference(row)]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: readonly string[]): string => c.map((x, i) => (i === 0 ? x.padEnd(widths[i]!) : x.padStart(widths[i]!))).join('  ').trimEnd();
  return [
    `${r.model} for ${r.target} (${r.kernels} kernels)`,
    '',
    line(header),
    ...cells.map(line),
    '',
    ...(r.hasPart ? [`typical ${r.target} part: flash ${n(r.flash.partBytes)} B (${share(r.flash.measured, r.flash.partBytes)} used), RAM ${n(r.ram.partBytes)} B (${share(r.ram.measured, r.ram.partBytes)} used)`] : []),
    `measured: ${r.method}.`,
  ].join('\n');
}
