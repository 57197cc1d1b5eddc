/**
 * The kernel flags `ingot compile` and `ingot bench` share: `--portable`,
 * the portable C kernels only (the baseline the SIMD kernels are measured
 * against), and `--speed`, every target SIMD kernel even where its int16
 * scratch grows the arena past the 1/16 the default, RAM-aware choice
 * allows (compiler/emit-c/ram-aware.ts): faster, for parts with RAM to
 * spare.
 */
import type { KernelSelection } from '../emit-c/kernels/select.js';
import { UsageError } from './usage-error.js';

export const KERNEL_OPTIONS = {
  portable: { type: 'boolean', default: false, describe: "use the portable C kernels only, not the target's SIMD kernels (a baseline for comparison)" },
  speed: { type: 'boolean', default: false, describe: 'keep every target SIMD kernel, even where its scratch grows the arena by more than 1/16 (faster, more RAM)' },
} as const;

/** The kernel selection the flags ask for. */
export function kernelSelection(args: { portable: boolean; speed: boolean }): KernelSelection {
  if (args.portable && args.speed) throw new UsageError('--portable and --speed contradict each other: give one of them');
  return args.portable ? 'portable' : args.speed ? 'speed' : 'target';
}
