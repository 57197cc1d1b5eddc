/**
 * The ordered list of passes every imported graph goes through before
 * planning and code generation. Order matters and is explained per entry.
 * The result holds only backend kinds (no `*_nchw` frontend kinds).
 */
import { fail, FRONTEND_KINDS, verifyGraph, type Graph } from '../ir/index.js';
import { compact } from './compact.js';
import { foldAffine } from './fold-affine.js';
import { foldTransposeIntoFc } from './fold-transpose-into-fc.js';
import { fuseActivations } from './fuse-activation.js';
import { layout } from './layout.js';
import type { Pass } from './pass.js';
import { sinkTransposes } from './sink-transposes.js';

export const PIPELINE: readonly Pass[] = [
  // First, while channels are still axis 1: BatchNormalization and bias adds into conv weights.
  foldAffine,
  // NCHW conv/pool → transposes around NHWC kernels; weights transposed once.
  layout,
  // The transposes between consecutive NHWC kernels meet their inverses and cancel.
  sinkTransposes,
  // A transpose left before flatten → fully connected becomes a reordering of the weights.
  foldTransposeIntoFc,
  // After sinking, conv → relu is adjacent: fuse it as TFLite models have it.
  fuseActivations,
  // Last: drop what the rewrites left unused.
  compact,
];

/** Runs every pass in order, verifying the graph after each. */
export function runPipeline(g: Graph, passes: readonly Pass[] = PIPELINE): Graph {
  let graph = g;
  for (const pass of passes) {
    graph = pass.run(graph);
    verifyGraph(graph);
  }
  return graph;
}

/** Fails when a frontend kind survived the pipeline (a pass is missing a case). */
export function requireBackendKinds(g: Graph): void {
  const index = g.ops.findIndex((op) => FRONTEND_KINDS.includes(op.kind));
  if (index >= 0) {
    const op = g.ops[index]!;
    fail('op/unsupported', `op ${index} (${op.kind} '${op.name}') was not lowered to a backend kind`, { opIndex: index });
  }
}
