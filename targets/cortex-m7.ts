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
    code: { inlineCopyBytes: 64, base: 0, alu: 2.2, wide: 7.7, float: 5.7, double: 25.2, vector: 0, mem: 4.5, branch: 3, exit: 0, loop: 21.7, call: 14.4, inlineCopy: 0, copyBytes: 0.7, asm: 2.7, constant: 1.7, functions: 0, vectorizable: 0, vectorizedAlu: 0, vectorizedWide: 0, press6: 25.8, press12: 0, merged: -21.4 },
    stack: {
      bytes: 248, least: 8, perFunction: 5.4, nested: 24,
      kernels: {
        'add/portable:f32': 8, 'add/portable:i16': 32, 'add/portable:i32': 8, 'add/portable:i8': 28,
        'avg_pool2d/portable:f32': 8, 'avg_pool2d/portable:i8': 24, 'cast/portable:i16': 8, 'cast/portable:i32': 8,
        'clip/portable:f32': 8, 'concat/portable:f32': 12, 'concat/portable:i32': 12, 'conv2d/dsp:i8': 120,
        'conv2d/portable:f32': 72, 'conv2d/portable:i16': 132, 'conv2d/portable:i8': 104,
        'depthwise_conv2d/dsp:i8': 128, 'depthwise_conv2d/portable:f32': 88, 'depthwise_conv2d/portable:i8': 100,
        'dequantize/portable:i8': 8, 'div/portable:i32': 8, 'fully_connected/dsp:i8': 44,
        'fully_connected/portable:f32': 28, 'fully_connected/portable:i8': 60, 'leaky_relu/portable:i16': 28,
        'logistic/portable:f32': 36, 'logistic/portable:i8': 52, 'max_pool2d/portable:f32': 8,
        'max_pool2d/portable:i8': 20, 'maximum/portable:i32': 8, 'minimum/portable:i32': 8, 'mul/portable:f32': 8,
        'mul/portable:i32': 8, 'pad/portable:i16': 24, 'quantize/portable:f32': 28, 'quantize/portable:i16': 12,
        'quantize/portable:i32': 24, 'reshape/portable:f32': 8, 'reshape/portable:i16': 8, 'reshape/portable:i32': 8,
        'reshape/portable:i8': 8, 'sequence_lstm/portable:i8': 140, 'sequence_lstm_float/portable:f32': 88,
        'signal_energy/portable:i16': 16, 'signal_fft_auto_scale/portable:i16': 8,
        'signal_filter_bank/portable:i32': 56, 'signal_filter_bank_log/portable:i32': 32,
        'signal_filter_bank_sqrt/portable:i64': 32, 'signal_pcan/portable:i32': 12, 'signal_rfft/portable:i16': 80,
        'signal_spectral_subtraction/portable:i32': 28, 'signal_window/portable:i16': 8, 'softmax/portable:f32': 36,
        'softmax/portable:i8': 76, 'strided_slice/portable:f32': 8, 'strided_slice/portable:i16': 12,
        'strided_slice/portable:i32': 8, 'sub/portable:i16': 44, 'svdf/portable:i8': 56, 'tanh/portable:f32': 24,
        'transpose_conv2d/portable:i16': 124,
      },
    },
  },
};
