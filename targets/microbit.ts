/**
 * BBC micro:bit v1 (nRF51822, Cortex-M0, 256 KB flash, 16 KB RAM): the
 * target for proving a model fits the tightest RAM Ingot supports. QEMU's
 * `microbit` machine has the real part's memory sizes.
 */
import { MICROBIT } from './cortex-m-boards.js';
import { armNoneEabi } from './toolchains.js';
import type { Target } from './target.js';

export const microbit: Target = {
  id: 'microbit',
  description: 'BBC micro:bit v1: nRF51822 Cortex-M0, 256 KB flash, 16 KB RAM',
  architecture: 'armv6-m',
  cpu: 'cortex-m0',
  features: [],
  clockHz: 16_000_000,
  flashBytes: 256 * 1024,
  ramBytes: 16 * 1024,
  alignment: 4,
  pointerBytes: 4,
  toolchain: armNoneEabi(['-mcpu=cortex-m0', '-mthumb', '-mfloat-abi=soft', '-Os']),
  emulator: MICROBIT.command,
  hosted: false,
  board: MICROBIT,
  cost: {
    cyclesPerMac: 6,
    cyclesPerByte: 2,
    cyclesPerLayer: 400,
    // Size figures fitted and measured by scripts/dev/calibrate-sizes.ts (bytes per operation; stack per kernel).
    code: { inlineCopyBytes: 1, base: 0, alu: 0.6, wide: 7.1, float: 1, double: 4.5, vector: 2, mem: 14.3, branch: 1.2, exit: 0, loop: 16.2, call: 20.7, inlineCopy: 3.5, copyBytes: 1, asm: 2, constant: 2.3, functions: 2.1, vectorizable: 0, vectorizedAlu: 0, vectorizedWide: 0, press6: 3.6, press12: 2 },
    stack: {
      bytes: 272, least: 100, perFunction: 13.4,
      kernels: {
        'add/portable:i16': 108, 'avg_pool2d/portable:f32': 108, 'avg_pool2d/portable:i8': 108,
        'conv2d/portable:f32': 116, 'conv2d/portable:i16': 272, 'conv2d/portable:i8': 128,
        'depthwise_conv2d/portable:f32': 124, 'depthwise_conv2d/portable:i8': 112, 'dequantize/portable:i8': 108,
        'fully_connected/portable:f32': 108, 'fully_connected/portable:i8': 108, 'leaky_relu/portable:i16': 108,
        'max_pool2d/portable:f32': 108, 'max_pool2d/portable:i8': 108, 'pad/portable:i16': 108,
        'quantize/portable:f32': 108, 'quantize/portable:i16': 108, 'quantize/portable:i32': 108,
        'reshape/portable:f32': 100, 'reshape/portable:i8': 100, 'softmax/portable:f32': 108,
        'softmax/portable:i8': 112, 'strided_slice/portable:i16': 108, 'sub/portable:i16': 108,
        'transpose_conv2d/portable:i16': 120,
      },
    },
  },
};
