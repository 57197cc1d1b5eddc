/**
 * An ASCII picture of a memory plan: one row per execution step, the arena
 * drawn left to right in `width` columns, each live buffer as its own
 * character. Free space is '.', so holes and reuse are visible at a glance.
 */
import type { MemoryPlan } from './index.js';

const GLYPHS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function drawPlan(plan: MemoryPlan, width = 64): string {
  const scale = plan.arenaBytes > 0 ? plan.arenaBytes / width : 1;
  const lines: string[] = [`arena ${plan.arenaBytes} B (lower bound ${plan.lowerBound} B), one column ≈ ${Math.ceil(scale)} B`];
  for (let step = 0; step < plan.steps; step++) {
    const row = new Array<string>(width).fill('.');
    plan.buffers.forEach((b, i) => {
      if (step < b.firstStep || step > b.lastStep) return;
      const from = Math.floor(b.offset / scale);
      const to = Math.max(from + 1, Math.ceil((b.offset + b.bytes) / scale));
      for (let c = from; c < Math.min(to, width); c++) row[c] = GLYPHS[i % GLYPHS.length]!;
    });
    lines.push(`${String(step).padStart(4)} |${row.join('')}|`);
  }
  return lines.join('\n');
}
