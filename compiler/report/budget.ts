/**
 * Size budgets: a bundle that does not fit turns into a build failure with a
 * message naming both numbers, before anything is written. Two kinds of
 * limit: the target's typical part (its flash and RAM; `allowOversize`
 * lifts it, for a larger part of the same core) and explicit budgets
 * (`maxFlashBytes`, `maxRamBytes`), which always apply.
 */
import type { Target } from '../../targets/index.js';
import { fail } from '../ir/index.js';
import type { PredictedSizes } from '../bundle/manifest.js';

export interface BudgetOptions {
  /** Compile even when the bundle exceeds the target's typical part. */
  allowOversize?: boolean;
  /** Flash budget in bytes (code + weights). */
  maxFlashBytes?: number;
  /** RAM budget in bytes (arena + stack). */
  maxRamBytes?: number;
}

const FLASH_HINT = "pass --allow-oversize for a larger part with this core, compile the float model with narrower weights ('--quantize w4'), or pick a larger target";
const RAM_HINT = 'pass --allow-oversize for a larger part with this core, use a smaller input or narrower layers, or pick a larger target';

function flashParts(s: PredictedSizes): string {
  return `code ~${s.codeBytesEstimate} + weights ${s.weightsBytes}`;
}

function ramParts(s: PredictedSizes): string {
  return `arena ${s.arenaBytes} + stack ~${s.stackBytesEstimate}`;
}

/** Throws `size/over-flash` or `size/over-ram` when the predicted sizes break a limit. */
export function checkBudgets(sizes: PredictedSizes, target: Target, opts: BudgetOptions): void {
  const flash = sizes.flashBytesEstimate;
  const ram = sizes.ramBytesEstimate;
  if (opts.maxFlashBytes !== undefined && flash > opts.maxFlashBytes) {
    fail('size/over-flash', `the bundle needs about ${flash} bytes of flash (${flashParts(sizes)}), over the --max-flash budget of ${opts.maxFlashBytes} bytes`, {
      hint: "raise the budget, or compile the float model with narrower weights ('--quantize w4', or '--quantize mixed' to fit this budget)",
    });
  }
  if (opts.maxRamBytes !== undefined && ram > opts.maxRamBytes) {
    fail('size/over-ram', `the bundle needs about ${ram} bytes of RAM (${ramParts(sizes)}), over the --max-ram budget of ${opts.maxRamBytes} bytes`, {
      hint: 'raise the budget, or use a smaller input resolution or a model with narrower layers',
    });
  }
  if (opts.allowOversize) return;
  if (flash > target.flashBytes) {
    const alsoRam = ram > target.ramBytes ? ` and about ${ram} bytes of RAM (${ramParts(sizes)}), over its ${target.ramBytes}` : '';
    fail('size/over-flash', `the bundle needs about ${flash} bytes of flash (${flashParts(sizes)}); a typical ${target.id} part has ${target.flashBytes}${alsoRam}`, { hint: FLASH_HINT });
  }
  if (ram > target.ramBytes) {
    fail('size/over-ram', `the bundle needs about ${ram} bytes of RAM (${ramParts(sizes)}); a typical ${target.id} part has ${target.ramBytes}`, { hint: RAM_HINT });
  }
}
