/**
 * The shape of a pass: a named, pure function from graph to graph. Passes
 * never edit their input; they return a new graph (sharing unchanged
 * tensors and ops), so every stage can be dumped and compared.
 */
import type { Graph } from '../ir/index.js';

export interface Pass {
  /** Stable name, for `ingot inspect --stage` and test output. */
  name: string;
  /** One sentence: what the pass does and why. */
  description: string;
  run(g: Graph): Graph;
}
