/**
 * The relaxed-SIMD module's plans (a kernel's `relaxedPlan`): only newer
 * engines run relaxed SIMD, and their optimizing tiers keep in registers
 * what Node 20's V8 spilled, so two SIMD configs take a variant there —
 * the matrix kernel's depth lists one pass over two rows
 * (`onePassVariant`), the int8 depthwise kernel two four-channel walks
 * per row (`halfPassVariant`). Every other config serves both modules.
 */
import { halfPassVariant, type DepthwiseInt8Config } from './depthwise-int8.js';
import { gemmScratchBytes, onePassVariant, type GemmSimdConfig } from './gemm-simd.js';
import type { KernelPlan } from './kernel.js';

/** The relaxed-SIMD plan of a kernel whose config holds its SIMD path's config in `simd`, or undefined where it is the SIMD plan. */
export function relaxedSimdPlan<C extends { simd?: { kind: string } }>(plan: KernelPlan<C>): KernelPlan<C> | undefined {
  const simd = plan.config.simd;
  if (simd?.kind === 'gemm') {
    const variant = onePassVariant(simd as GemmSimdConfig);
    return variant && { ...plan, config: { ...plan.config, simd: variant }, scratchBytes: gemmScratchBytes(variant) };
  }
  if (simd?.kind === 'int8') {
    const variant = halfPassVariant(simd as DepthwiseInt8Config);
    return variant && { ...plan, config: { ...plan.config, simd: variant } };
  }
  return undefined;
}
