/**
 * The one table of targets: adding a target is one file plus one line here.
 */
import { fail } from '../compiler/ir/index.js';
import { cortexA53 } from './cortex-a53.js';
import { cortexA76 } from './cortex-a76.js';
import { cortexM0plus } from './cortex-m0plus.js';
import { cortexM33 } from './cortex-m33.js';
import { cortexM4 } from './cortex-m4.js';
import { cortexM55 } from './cortex-m55.js';
import { cortexM7 } from './cortex-m7.js';
import { host } from './host.js';
import { microbit } from './microbit.js';
import { riscv32 } from './riscv32.js';
import type { Target } from './target.js';
import { wasm } from './wasm.js';

export type { Target, TargetFeature, TestBoard, Toolchain, CostModel, CodeCosts, StackCosts } from './target.js';

export const TARGETS: readonly Target[] = [host, cortexM0plus, microbit, cortexM4, cortexM7, cortexM33, cortexM55, riscv32, cortexA53, cortexA76, wasm];

/** The emitter a target takes (C unless it says otherwise). */
export const backendOf = (t: Target): 'c' | 'wasm' => t.backend ?? 'c';

/** The target with this id, or a diagnostic listing the known ones. */
export function targetById(id: string): Target {
  const t = TARGETS.find((x) => x.id === id);
  if (t === undefined) {
    fail('target/unknown', `there is no target '${id}'`, { hint: `known targets: ${TARGETS.map((x) => x.id).join(', ')} (see 'ingot targets')` });
  }
  return t;
}
