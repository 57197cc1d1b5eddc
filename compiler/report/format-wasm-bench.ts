/**
 * The text of `ingot bench` for WebAssembly: the latency of one inference
 * and, for a model, each layer's time and share with its MACs per
 * nanosecond — one table a person can read; the same data is available as
 * JSON.
 */
import type { WasmBenchResult } from './wasm-bench.js';

const n = (x: number): string => Math.round(x).toLocaleString('en-US');
const rate = (macs: number, micros: number): string => (macs > 0 && micros > 0 ? (macs / (micros * 1000)).toFixed(2) : '-');
/** Milliseconds, or microseconds below a tenth of a millisecond. */
const duration = (ms: number): string => (ms >= 0.1 ? `${ms.toFixed(3)} ms` : `${(ms * 1000).toFixed(2)} µs`);
const short = (s: string, max: number): string => (s.length <= max ? s : `${s.slice(0, max - 3)}...`);
/** The layer column's unit: nanoseconds when a whole inference is under a microsecond (a tenth of a µs would round every layer to 0.0). */
const layerUnit = (sumMicros: number): { name: string; of: (micros: number) => string } =>
  sumMicros < 1 ? { name: 'ns', of: (us) => (us * 1000).toFixed(1) } : { name: 'µs', of: (us) => us.toFixed(sumMicros < 10 ? 2 : 1) };

export function formatWasmBench(r: WasmBenchResult): string {
  const head = [
    `${r.model} as WebAssembly in ${r.runtime}, ${r.simd ? 'SIMD128' : 'plain'} module (${n(r.codeBytes)} B of code)`,
    `latency per inference  ${duration(r.latencyMs)} (median of ${n(r.runs)} runs)`,
    `MACs per inference     ${n(r.macs)}`,
    `MACs per ns            ${rate(r.macs, r.latencyMs * 1000)}`,
  ];
  if (r.layers.length === 0) return [...head, '', 'A bundle has no per-layer exports: bench the model for per-layer times.'].join('\n');
  const sum = r.layers.reduce((s, l) => s + l.micros, 0);
  const unit = layerUnit(sum);
  const header = ['layer', 'op', 'MACs', unit.name, 'share', 'MACs/ns', 'name'];
  const rows = r.layers.map((l) => [
    String(l.layer), l.op, n(l.macs), unit.of(l.micros), sum > 0 ? `${((l.micros / sum) * 100).toFixed(1)} %` : '-', rate(l.macs, l.micros), short(l.name, 48),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((c) => c[i]!.length)));
  const line = (c: readonly string[]): string =>
    c.map((x, i) => (i === 1 || i === 6 ? x.padEnd(widths[i]!) : x.padStart(widths[i]!))).join('  ').trimEnd();
  return [
    ...head,
    '',
    line(header),
    ...rows.map(line),
    '',
    `Each layer's time is its step run alone, the fastest of repeated blocks (sum ${unit.of(sum)} ${unit.name}); the latency is`,
    'whole inferences after a warm-up, the median over blocks of about a millisecond.',
  ].join('\n');
}
