/**
 * Arm Cortex-M0+ (Armv6-M, no DSP, no FPU): the smallest 32-bit parts, e.g.
 * a SAMD21 or RP2040 class microcontroller. Tested on QEMU's mps2-an385
 * board, which runs Armv6-M code.
 */
import { MPS2_AN385 } from './cortex-m-boards.js';
import { armNoneEabi } from './toolchains.js';
import type { Target } from './target.js';

export const cortexM0plus: Target = {
  id: 'cortex-m0plus',
  description: 'Arm Cortex-M0+ microcontroller (Armv6-M; e.g. SAMD21, RP2040), portable C kernels',
  architecture: 'armv6-m',
  cpu: 'cortex-m0plus',
  features: [],
  clockHz: 48_000_000,
  flashBytes: 256 * 1024,
  ramBytes: 32 * 1024,
  alignment: 8,
  pointerBytes: 4,
  toolchain: armNoneEabi(['-mcpu=cortex-m0plus', '-mthumb', '-mfloat-abi=soft']),
  emulator: MPS2_AN385.command,
  hosted: false,
  board: MPS2_AN385,
  cost: {
    cyclesPerMac: 6,
    cyclesPerByte: 2,
    cyclesPerLayer: 400,
    // Size figures fitted and measured by scripts/dev/calibrate-sizes.ts (bytes per operation; stack per kernel).
    code: { inlineCopyBytes: 1, base: 0, alu: 1.1, wide: 0, float: 1.9, double: 15.2, vector: 0, mem: 15.2, branch: 5.5, exit: 0, loop: 24.8, call: 10.3, inlineCopy: 0, copyBytes: 0, asm: 0, constant: 7.3, functions: 0, vectorizable: 0, vectorizedAlu: 0, vectorizedWide: 0, press6: 150.6, press12: 0 },
    stack: {
      bytes: 344, least: 76, perFunction: 9.4,
      kernels: {
        'add/portable:i16': 84, 'add/portable:i8': 84, 'avg_pool2d/portable:f32': 84, 'avg_pool2d/portable:i8': 84,
        'conv2d/portable:f32': 164, 'conv2d/portable:i16': 344, 'conv2d/portable:i8': 168,
        'depthwise_conv2d/portable:f32': 148, 'depthwise_conv2d/portable:i8': 160, 'dequantize/portable:i8': 84,
        'fully_connected/portable:f32': 116, 'fully_connected/portable:i8': 112, 'leaky_relu/portable:i16': 84,
        'max_pool2d/portable:f32': 84, 'max_pool2d/portable:i8': 84, 'pad/portable:i16': 84,
        'quantize/portable:f32': 112, 'quantize/portable:i16': 84, 'quantize/portable:i32': 84,
        'reshape/portable:f32': 76, 'reshape/portable:i8': 76, 'softmax/portable:f32': 92,
        'softmax/portable:i8': 112, 'strided_slice/portable:i16': 84, 'sub/portable:i16': 84,
        'transpose_conv2d/portable:i16': 184,
      },
    },
  },
};
