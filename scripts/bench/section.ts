/**
 * What a benchmark section is: a named concern (C on the host, wasm,
 * quantization, devices, …) that measures and prints its own tables.
 * `main.ts` lists the sections and runs the ones asked for.
 */

export interface BenchSection {
  /** Short id used on the command line: `npm run bench -- <id>`. */
  id: string;
  title: string;
  run(out: (line: string) => void): Promise<void>;
}

/** A plain-text table with right-aligned numeric columns. */
export function formatTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}

/** 12345678 → "12,345,678". */
export function thousands(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
