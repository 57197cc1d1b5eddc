/**
 * Arm Cortex-M7 (Armv7E-M, DSP, double-precision FPU, dual issue): the
 * fastest classic microcontrollers, e.g. STM32F7/H7 or i.MX RT. Tested on
 * QEMU's mps2-an500 board.
 */
import { MPS2_AN500 } from './cortex-m-boards.js';
import { armNoneEabi } from './toolchains.js';
import type { Target } from './target.js';

export const cortexM7: Target = {
  id: 'cortex-m7',
  description: 'Arm Cortex-M7 microcontroller (Armv7E-M, DSP, FPU; e.g. STM32F767: 2 MB flash, 512 KB RAM)',
  architecture: 'armv7e-m',
  cpu: 'cortex-m7',
  features: ['fpu', 'dsp'],
  clockHz: 216_000_000,
  flashBytes: 2 * 1024 * 1024,
  ramBytes: 512 * 1024,
  alignment: 8,
  pointerBytes: 4,
  toolchain: armNoneEabi(['-mcpu=cortex-m7', '-mthumb', '-mfloat-abi=hard', '-mfpu=fpv5-d16']),
  emulator: MPS2_AN500.command,
  hosted: false,
  board: MPS2_AN500,
  cost: {
    cyclesPerMac: 1.2,
    cyclesPerByte: 0.6,
    cyclesPerLayer: 250,
    // Size figures fitted and measured by scripts/dev/calibrate-sizes.ts (bytes per operation; stack per kernel).
    code: { inlineCopyBytes: 64, base: 0, alu: 0.9, wide: 8.8, float: 3.6, double: 28, vector: 3, mem: 8.4, branch: 3.8, exit: 0, loop: 20.6, call: 17.8, inlineCopy: 0.4, copyBytes: 0.8, asm: 2.7, constant: 1.7, functions: 0.3, vectorizable: 0, vectorizedAlu: 0, vectorizedWide: 0, press6: 3, press12: 3 },
    stack: {
      bytes: 248, least: 52, perFunction: 5.1,
      kernels: {
        'add/portable:i16': 52, 'add/portable:i8': 52, 'avg_pool2d/portable:f32': 52, 'avg_pool2d/portable:i8': 52,
        'conv2d/dsp:i8': 120, 'conv2d/portable:f32': 72, 'conv2d/portable:i16': 132, 'conv2d/portable:i8': 104,
        'depthwise_conv2d/dsp:i8': 128, 'depthwise_conv2d/portable:f32': 88, 'depthwise_conv2d/portable:i8': 100,
        'dequantize/portable:i8': 52, 'fully_connected/dsp:i8': 104, 'fully_connected/portable:f32': 52,
        'fully_connected/portable:i8': 60, 'leaky_relu/portable:i16': 52, 'max_pool2d/portable:f32': 52,
        'max_pool2d/portable:i8': 52, 'pad/portable:i16': 52, 'quantize/portable:f32': 52,
        'quantize/portable:i16': 52, 'quantize/portable:i32': 52, 'reshape/portable:f32': 52,
        'reshape/portable:i8': 52, 'softmax/portable:f32': 52, 'softmax/portable:i8': 76,
        'strided_slice/portable:i16': 52, 'sub/portable:i16': 52, 'transpose_conv2d/portable:i16': 124,
      },
    },
  },
};
