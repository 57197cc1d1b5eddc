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
    code: { inlineCopyBytes: 64, base: 0, alu: 2.2, wide: 6.9, float: 6, double: 28.7, vector: 0, mem: 4.4, branch: 3.4, exit: 0, loop: 21.8, call: 13.2, inlineCopy: 0, copyBytes: 0.7, asm: 2.8, constant: 1.9, functions: 0, vectorizable: 0, vectorizedAlu: 0, vectorizedWide: 0, press6: 29, press12: 0, merged: -19.1 },
    stack: {
      bytes: 248, least: 8, perFunction: 5.4, nested: 28,
      kernels: {
        'add/portable:f32': 8, 'add/portable:i16': 32, 'add/portable:i32': 8, 'add/portable:i8': 28,
        'avg_pool2d/portable:f32': 8, 'avg_pool2d/portable:i8': 24, 'cast/portable:i16': 8, 'cast/portable:i32': 8,
        'clip/portable:f32': 8, 'concat/portable:f32': 12, 'concat/portable:i32': 12, 'conv2d/dsp:i8': 116,
        'conv2d/portable:f32': 72, 'conv2d/portable:i16': 132, 'conv2d/portable:i8': 104,
        'depthwise_conv2d/dsp:i8': 128, 'depthwise_conv2d/portable:f32': 80, 'depthwise_conv2d/portable:i8': 100,
        'dequantize/portable:i8': 44, 'div/portable:i32': 8, 'fully_connected/dsp:i8': 44,
        'fully_connected/portable:f32': 36, 'fully_connected/portable:i8': 60, 'leaky_relu/portable:i16': 28,
        'logistic/portable:f32': 44, 'logistic/portable:i8': 52, 'max_pool2d/portable:f32': 8,
        'max_pool2d/portable:i8': 20, 'maximum/portable:i32': 8, 'minimum/portable:i32': 8, 'mul/portable:f32': 8,
        'mul/portable:i32': 8, 'pad/portable:i16': 24, 'quantize/portable:f32': 60, 'quantize/portable:i16': 12,
        'quantize/portable:i32': 24, 'reshape/portable:f32': 8, 'reshape/portable:i16': 8, 'reshape/portable:i32': 8,
        'reshape/portable:i8': 8, 'sequence_lstm/portable:i8': 140, 'sequence_lstm_float/portable:f32': 92,
        'signal_energy/portable:i16': 16, 'signal_fft_auto_scale/portable:i16': 8,
        'signal_filter_bank/portable:i32': 56, 'signal_filter_bank_log/portable:i32': 32,
        'signal_filter_bank_sqrt/portable:i64': 32, 'signal_pcan/portable:i32': 16, 'signal_rfft/portable:i16': 80,
        'signal_spectral_subtraction/portable:i32': 24, 'signal_window/portable:i16': 8, 'softmax/portable:f32': 44,
        'softmax/portable:i8': 76, 'strided_slice/portable:f32': 8, 'strided_slice/portable:i16': 12,
        'strided_slice/portable:i32': 8, 'sub/portable:i16': 44, 'svdf/portable:i8': 56, 'tanh/portable:f32': 24,
        'transpose_conv2d/portable:i16': 124,
      },
    },
  },
};
