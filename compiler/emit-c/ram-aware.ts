/**
 * Target kernels trade RAM for speed: the DSP convolutions widen their
 * input into int16 scratch in the arena. On a microcontroller RAM is the
 * scarcer resource, so a target kernel may keep its layer only while the
 * arena stays within 1/16 of what the portable kernels need; past that,
 * the target-kernel layers with the most scratch go back to their portable
 * kernels (bit-exact too) one at a time, largest first, until it fits.
 * Where the scratch fits into gaps the plan already has — the usual case —
 * nothing changes. `kernels: 'speed'` keeps every target kernel.
 */
import type { Graph } from '../ir/index.js';
import { planMemory, type MemoryPlan } from '../plan/index.js';
import type { Target } from '../../targets/index.js';
import type { KernelSelection } from './kernels/select.js';
import { lowerOps, scratchRequests, type LoweredOp } from './lower.js';

const ARENA_GROWTH_ALLOWED = 1 / 16;

export interface LoweredAndPlanned {
  lowered: LoweredOp[];
  plan: MemoryPlan;
}

export function lowerAndPlan(graph: Graph, target: Target, kernels: KernelSelection): LoweredAndPlanned {
  const planFor = (ops: readonly LoweredOp[]): MemoryPlan => planMemory(graph, { alignment: target.alignment, scratch: scratchRequests(ops) });
  const lowered = lowerOps(graph, target, undefined, kernels);
  let plan = planFor(lowered);
  if (kernels !== 'target' || !lowered.some((l) => l.scratchBytes > 0)) return { lowered, plan };

  const portable = lowerOps(graph, target, undefined, 'portable');
  const budget = planFor(portable).arenaBytes * (1 + ARENA_GROWTH_ALLOWED);
  while (plan.arenaBytes > budget) {
    let worst = -1;
    lowered.forEach((l, i) => {
      const extra = l.scratchBytes - portable[i]!.scratchBytes;
      if (l.kernelId !== portable[i]!.kernelId && extra > 0 && (worst < 0 || extra > lowered[worst]!.scratchBytes - portable[worst]!.scratchBytes)) worst = i;
    });
    if (worst < 0) break;
    lowered[worst] = portable[worst]!;
    plan = planFor(lowered);
  }
  return { lowered, plan };
}
