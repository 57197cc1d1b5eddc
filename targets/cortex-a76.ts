/**
 * AArch64 Cortex-A76 (Armv8.2-A with NEON and the SDOT/UDOT dot product):
 * Raspberry Pi 5 and current phones.
 */
import { bareMetalVirt, qemuUser } from './aarch64-boards.js';
import { aarch64Linux } from './toolchains.js';
import type { Target } from './target.js';

export const cortexA76: Target = {
  id: 'cortex-a76',
  description: 'AArch64 Cortex-A76 (Armv8.2-A, NEON, dot product; Raspberry Pi 5, current phones)',
  architecture: 'aarch64',
  cpu: 'cortex-a76',
  features: ['fpu', 'neon', 'dotprod'],
  clockHz: 2_400_000_000,
  flashBytes: 2 ** 32,
  ramBytes: 4 * 1024 * 1024 * 1024,
  alignment: 16,
  pointerBytes: 8,
  toolchain: aarch64Linux(['-march=armv8.2-a+dotprod', '-mtune=cortex-a76']),
  emulator: qemuUser('cortex-a76').command,
  hosted: false,
  board: qemuUser('cortex-a76'),
  countingBoard: bareMetalVirt('cortex-a76'),
  cost: {
    cyclesPerMac: 0.15,
    cyclesPerByte: 0.15,
    cyclesPerLayer: 150,
    // Size figures fitted and measured by scripts/dev/calibrate-sizes.ts (bytes per operation; stack per kernel).
    code: { inlineCopyBytes: 256, base: 0, alu: 4.1, wide: 5.2, float: 0.3, double: 22.4, vector: 2.4, mem: 8.3, branch: 0, exit: 0, loop: 31.2, call: 54.9, inlineCopy: 0, copyBytes: 0.2, asm: 0, constant: 0, functions: 31.1, vectorizable: 125.1, press6: 1.9, press12: 0 },
    stack: {
      bytes: 556, least: 8, perFunction: 10.7,
      kernels: {
        'add/portable:i16': 8, 'add/portable:i8': 60, 'avg_pool2d/portable:f32': 8, 'avg_pool2d/portable:i8': 8,
        'conv2d/neon-sdot:i8': 268, 'conv2d/portable:f32': 76, 'conv2d/portable:i16': 188,
        'depthwise_conv2d/neon:i8': 124, 'depthwise_conv2d/portable:f32': 124, 'depthwise_conv2d/portable:i8': 140,
        'dequantize/portable:i8': 8, 'fully_connected/neon-sdot:i8': 140, 'fully_connected/portable:f32': 12,
        'fully_connected/portable:i8': 12, 'leaky_relu/portable:i16': 8, 'max_pool2d/portable:f32': 8,
        'max_pool2d/portable:i8': 8, 'pad/portable:i16': 28, 'quantize/portable:i16': 8, 'quantize/portable:i32': 8,
        'reshape/portable:f32': 8, 'reshape/portable:i8': 8, 'softmax/portable:i8': 92,
        'strided_slice/portable:i16': 28, 'sub/portable:i16': 8, 'transpose_conv2d/portable:i16': 124,
      },
    },
  },
};
