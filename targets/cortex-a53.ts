/**
 * AArch64 Cortex-A53 (Armv8.0-A with NEON, no dot product): Raspberry Pi 3
 * and older phones. Kernels must not use SDOT here; the tests run on QEMU's
 * cortex-a53 model, which traps it.
 */
import { bareMetalVirt, qemuUser } from './aarch64-boards.js';
import { aarch64Linux } from './toolchains.js';
import type { Target } from './target.js';

export const cortexA53: Target = {
  id: 'cortex-a53',
  description: 'AArch64 Cortex-A53 (Armv8-A, NEON, no dot product; Raspberry Pi 3, older phones)',
  architecture: 'aarch64',
  cpu: 'cortex-a53',
  features: ['fpu', 'neon'],
  clockHz: 1_200_000_000,
  flashBytes: 2 ** 32,
  ramBytes: 1024 * 1024 * 1024,
  alignment: 16,
  pointerBytes: 8,
  toolchain: aarch64Linux(['-march=armv8-a', '-mtune=cortex-a53']),
  emulator: qemuUser('cortex-a53').command,
  hosted: false,
  board: qemuUser('cortex-a53'),
  countingBoard: bareMetalVirt('cortex-a53'),
  cost: {
    cyclesPerMac: 0.5,
    cyclesPerByte: 0.3,
    cyclesPerLayer: 200,
    // Size figures fitted and measured by scripts/dev/calibrate-sizes.ts (bytes per operation; stack per kernel).
    code: { inlineCopyBytes: 256, base: 0, alu: 2.5, wide: 6.3, float: 0, double: 12.2, vector: 2.5, mem: 9.9, branch: 2.4, exit: 0, loop: 45.6, call: 55.9, inlineCopy: 0, copyBytes: 0.2, asm: 0, constant: 0, functions: 33.8, vectorizable: 0, vectorizedAlu: 0, vectorizedWide: 11, press6: 0.3, press12: 0 },
    stack: {
      bytes: 540, least: 8, perFunction: 9.1,
      kernels: {
        'add/portable:i16': 8, 'add/portable:i8': 60, 'avg_pool2d/portable:f32': 8, 'avg_pool2d/portable:i8': 8,
        'conv2d/neon:i8': 268, 'conv2d/portable:f32': 108, 'conv2d/portable:i16': 188,
        'depthwise_conv2d/neon:i8': 124, 'depthwise_conv2d/portable:f32': 140, 'depthwise_conv2d/portable:i8': 156,
        'dequantize/portable:i8': 8, 'fully_connected/neon:i8': 140, 'fully_connected/portable:f32': 12,
        'fully_connected/portable:i8': 12, 'leaky_relu/portable:i16': 8, 'max_pool2d/portable:f32': 8,
        'max_pool2d/portable:i8': 8, 'pad/portable:i16': 28, 'quantize/portable:f32': 76, 'quantize/portable:i16': 8,
        'quantize/portable:i32': 8, 'reshape/portable:f32': 8, 'reshape/portable:i8': 8, 'softmax/portable:f32': 60,
        'softmax/portable:i8': 92, 'strided_slice/portable:i16': 28, 'sub/portable:i16': 8,
        'transpose_conv2d/portable:i16': 124,
      },
    },
  },
};
