/**
 * The one table of targets: adding a target is one file plus one line here.
 */
import { fail } from '../compiler/ir/index.js';
import { host } from './host.js';
import type { Target } from './target.js';
import { wasm } from './wasm.js';

export type { Target, TargetFeature, Toolchain, CostModel } from './target.js';

export const TARGETS: readonly Target[] = [host, wasm];

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
