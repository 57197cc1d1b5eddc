/**
 * Arm Cortex-M4F (Armv7E-M with the DSP extension and a single-precision
 * FPU): the workhorse microcontroller, e.g. STM32F4 or nRF52840. Tested on
 * QEMU's mps2-an386 board.
 */
import { MPS2_AN386 } from './cortex-m-boards.js';
import { armNoneEabi } from './toolchains.js';
import type { Target } from './target.js';

export const cortexM4: Target = {
  id: 'cortex-m4',
  description: 'Arm Cortex-M4F microcontroller (Armv7E-M, DSP, FPU; e.g. STM32F407: 1 MB flash, 192 KB RAM)',
  architecture: 'armv7e-m',
  cpu: 'cortex-m4',
  features: ['fpu', 'dsp'],
  clockHz: 168_000_000,
  flashBytes: 1024 * 1024,
  ramBytes: 192 * 1024,
  alignment: 8,
  pointerBytes: 4,
  toolchain: armNoneEabi(['-mcpu=cortex-m4', '-mthumb', '-mfloat-abi=hard', '-mfpu=fpv4-sp-d16']),
  emulator: MPS2_AN386.command,
  hosted: false,
  board: MPS2_AN386,
  cost: {
    cyclesPerMac: 2,
    cyclesPerByte: 1,
    cyclesPerLayer: 300,
    // Size figures fitted and measured by scripts/dev/calibrate-sizes.ts (bytes per operation; stack per kernel).
    code: { inlineCopyBytes: 64, base: 0, alu: 0.8, wide: 8.3, float: 3.4, double: 36.4, vector: 3, mem: 8.9, branch: 4.2, exit: 0, loop: 21.2, call: 17.6, inlineCopy: 0.5, copyBytes: 0.7, asm: 2.5, constant: 1.8, functions: 0, vectorizable: 0, vectorizedAlu: 0, vectorizedWide: 0, press6: 2.9, press12: 3 },
    stack: {
      bytes: 248, least: 52, perFunction: 5.4,
      kernels: {
        'add/portable:i16': 52, 'add/portable:i8': 52, 'avg_pool2d/portable:f32': 52, 'avg_pool2d/portable:i8': 52,
        'conv2d/dsp:i8': 116, 'conv2d/portable:f32': 72, 'conv2d/portable:i16': 132, 'conv2d/portable:i8': 104,
        'depthwise_conv2d/dsp:i8': 128, 'depthwise_conv2d/portable:f32': 80, 'depthwise_conv2d/portable:i8': 100,
        'dequantize/portable:i8': 52, 'fully_connected/dsp:i8': 104, 'fully_connected/portable:f32': 52,
        'fully_connected/portable:i8': 60, 'leaky_relu/portable:i16': 52, 'max_pool2d/portable:f32': 52,
        'max_pool2d/portable:i8': 52, 'pad/portable:i16': 52, 'quantize/portable:f32': 60,
        'quantize/portable:i16': 52, 'quantize/portable:i32': 52, 'reshape/portable:f32': 52,
        'reshape/portable:i8': 52, 'softmax/portable:f32': 52, 'softmax/portable:i8': 72,
        'strided_slice/portable:i16': 52, 'sub/portable:i16': 52, 'transpose_conv2d/portable:i16': 124,
      },
    },
  },
};
