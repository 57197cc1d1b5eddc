/**
 * The text of `ingot bench`: instructions per inference and per layer,
 * MACs and MACs per instruction, stack high-water — one table a person can
 * read; the same data is available as JSON.
 */
import type { BenchResult } from '../device/bench.js';

const n = (x: number): string => Math.round(x).toLocaleString('en-US');
const ratio = (macs: number, instructions: number): string => (instructions > 0 && macs > 0 ? (macs / instructions).toFixed(3) : '-');
const short = (s: string, max: number): string => (s.length <= max ? s : `${s.slice(0, max - 3)}...`);

export function formatBench(r: BenchResult): string {
  const header = ['layer', 'op', 'MACs', 'instructions', 'share', 'MACs/instr', 'name'];
  const rows = r.layers.map((l) => [
    String(l.layer),
    l.source,
    n(l.macs),
    n(l.instructions),
    r.instructions > 0 ? `${((l.instructions / r.instructions) * 100).toFixed(1)} %` : '-',
    ratio(l.macs, l.instructions),
    short(l.name, 48),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((c) => c[i]!.length)));
  const line = (c: readonly string[]): string =>
    c.map((x, i) => (i === 1 || i === 6 ? x.padEnd(widths[i]!) : x.padStart(widths[i]!))).join('  ').trimEnd();
  return [
    `${r.model} on ${r.target} (${r.kernels} kernels), ${r.board}`,
    `instructions per inference  ${n(r.instructions)}`,
    `MACs per inference          ${n(r.macs)}`,
    `MACs per instruction        ${ratio(r.macs, r.instructions)}`,
    `stack high-water            ${n(r.stackBytes)} B (${n(r.invokeStackBytes)} B below the _invoke call)`,
    '',
    line(header),
    ...rows.map(line),
    '',
    'Instructions are counted by QEMU under -icount (deterministic); per-layer counts come from a build with the',
    'profiling hooks, less the instructions of an empty pair of hooks; the total from a build without them.',
  ].join('\n');
}
