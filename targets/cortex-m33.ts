/**
 * Arm Cortex-M33 (Armv8-M mainline with the DSP extension and an FPU,
 * TrustZone): current mid-range parts, e.g. nRF5340 or STM32U5. Tested on
 * QEMU's mps2-an505 board.
 */
import { MPS2_AN505 } from './cortex-m-boards.js';
import { armNoneEabi } from './toolchains.js';
import type { Target } from './target.js';

export const cortexM33: Target = {
  id: 'cortex-m33',
  description: 'Arm Cortex-M33 microcontroller (Armv8-M, DSP, FPU; e.g. nRF5340: 1 MB flash, 512 KB RAM)',
  architecture: 'armv8-m.main',
  cpu: 'cortex-m33',
  features: ['fpu', 'dsp'],
  clockHz: 128_000_000,
  flashBytes: 1024 * 1024,
  ramBytes: 512 * 1024,
  alignment: 8,
  pointerBytes: 4,
  toolchain: armNoneEabi(['-mcpu=cortex-m33', '-mthumb', '-mfloat-abi=hard', '-mfpu=fpv5-sp-d16']),
  emulator: MPS2_AN505.command,
  hosted: false,
  board: MPS2_AN505,
  cost: {
    cyclesPerMac: 1.8,
    cyclesPerByte: 1,
    cyclesPerLayer: 300,
    // Size figures fitted and measured by scripts/dev/calibrate-sizes.ts (bytes per operation; stack per kernel).
    code: { inlineCopyBytes: 64, base: 0, alu: 0.7, wide: 8.2, float: 3.3, double: 36.3, vector: 3, mem: 9.3, branch: 4.6, exit: 0, loop: 21.3, call: 17.4, inlineCopy: 0.9, copyBytes: 0.7, asm: 2.2, constant: 1.7, functions: 0, vectorizable: 0, vectorizedAlu: 0, vectorizedWide: 0, press6: 2.9, press12: 3 },
    stack: {
      bytes: 252, least: 64, perFunction: 6,
      kernels: {
        'add/portable:i16': 64, 'add/portable:i8': 64, 'avg_pool2d/portable:f32': 64, 'avg_pool2d/portable:i8': 64,
        'conv2d/dsp:i8': 116, 'conv2d/portable:f32': 100, 'conv2d/portable:i16': 124, 'conv2d/portable:i8': 104,
        'depthwise_conv2d/dsp:i8': 132, 'depthwise_conv2d/portable:f32': 120, 'depthwise_conv2d/portable:i8': 100,
        'dequantize/portable:i8': 64, 'fully_connected/dsp:i8': 108, 'fully_connected/portable:f32': 64,
        'fully_connected/portable:i8': 68, 'leaky_relu/portable:i16': 64, 'max_pool2d/portable:f32': 64,
        'max_pool2d/portable:i8': 64, 'pad/portable:i16': 64, 'quantize/portable:f32': 64,
        'quantize/portable:i16': 64, 'quantize/portable:i32': 64, 'reshape/portable:f32': 64,
        'reshape/portable:i8': 64, 'softmax/portable:f32': 64, 'softmax/portable:i8': 72,
        'strided_slice/portable:i16': 64, 'sub/portable:i16': 64, 'transpose_conv2d/portable:i16': 124,
      },
    },
  },
};
