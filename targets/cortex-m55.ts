/**
 * Arm Cortex-M55 (Armv8.1-M with Helium/MVE vector extension): the first
 * microcontrollers with 128-bit integer and float vectors, e.g. Alif
 * Ensemble. Tested on QEMU's mps3-an547 board, which emulates MVE.
 */
import { MPS3_AN547 } from './cortex-m-boards.js';
import { armNoneEabi } from './toolchains.js';
import type { Target } from './target.js';

export const cortexM55: Target = {
  id: 'cortex-m55',
  description: 'Arm Cortex-M55 microcontroller (Armv8.1-M, Helium/MVE, FPU; e.g. Alif Ensemble E3 class: 2 MB code, 1 MB RAM)',
  architecture: 'armv8.1-m.main',
  cpu: 'cortex-m55',
  features: ['fpu', 'dsp', 'mve'],
  clockHz: 400_000_000,
  flashBytes: 2 * 1024 * 1024,
  ramBytes: 1024 * 1024,
  alignment: 16,
  pointerBytes: 4,
  toolchain: armNoneEabi(['-mcpu=cortex-m55', '-mthumb', '-mfloat-abi=hard']),
  emulator: MPS3_AN547.command,
  hosted: false,
  board: MPS3_AN547,
  cost: {
    cyclesPerMac: 0.4,
    cyclesPerByte: 0.5,
    cyclesPerLayer: 300,
    // Size figures fitted and measured by scripts/dev/calibrate-sizes.ts (bytes per operation; stack per kernel).
    code: { inlineCopyBytes: 64, base: 0, alu: 2.4, wide: 7.6, float: 6.4, double: 25.9, vector: 4.5, mem: 4.3, branch: 2.3, exit: 0, loop: 20.5, call: 15, inlineCopy: 5.7, copyBytes: 0.7, asm: 4.9, constant: 2.2, functions: 0, vectorizable: 0, vectorizedAlu: 0, vectorizedWide: 0, press6: 3.1, press12: 3.1, merged: 0 },
    stack: {
      bytes: 452, least: 16, perFunction: 21.4, nested: 8,
      kernels: {
        'add/portable:f32': 16, 'add/portable:i16': 44, 'add/portable:i32': 16, 'add/portable:i8': 44,
        'avg_pool2d/portable:f32': 16, 'avg_pool2d/portable:i8': 24, 'cast/portable:i16': 16, 'cast/portable:i32': 16,
        'clip/portable:f32': 16, 'concat/portable:f32': 16, 'concat/portable:i32': 16, 'conv2d/mve:i8': 196,
        'conv2d/portable:f32': 120, 'conv2d/portable:i16': 128, 'depthwise_conv2d/mve:i8': 244,
        'depthwise_conv2d/portable:f32': 120, 'dequantize/portable:i8': 16, 'div/portable:i32': 16,
        'fully_connected/dsp:i8': 52, 'fully_connected/portable:f32': 168, 'fully_connected/portable:i8': 84,
        'leaky_relu/portable:i16': 24, 'logistic/portable:f32': 36, 'logistic/portable:i8': 68,
        'max_pool2d/portable:f32': 16, 'max_pool2d/portable:i8': 20, 'maximum/portable:i32': 16,
        'minimum/portable:i32': 16, 'mul/portable:f32': 16, 'mul/portable:i32': 16, 'pad/portable:i16': 28,
        'quantize/portable:f32': 28, 'quantize/portable:i16': 20, 'quantize/portable:i32': 32,
        'reshape/portable:f32': 16, 'reshape/portable:i16': 16, 'reshape/portable:i32': 16, 'reshape/portable:i8': 16,
        'sequence_lstm/portable:i8': 172, 'sequence_lstm_float/portable:f32': 248, 'signal_energy/portable:i16': 20,
        'signal_fft_auto_scale/portable:i16': 16, 'signal_filter_bank/portable:i32': 56,
        'signal_filter_bank_log/portable:i32': 32, 'signal_filter_bank_sqrt/portable:i64': 40,
        'signal_pcan/portable:i32': 16, 'signal_rfft/portable:i16': 100,
        'signal_spectral_subtraction/portable:i32': 40, 'signal_window/portable:i16': 16, 'softmax/portable:f32': 36,
        'softmax/portable:i8': 108, 'strided_slice/portable:f32': 16, 'strided_slice/portable:i16': 16,
        'strided_slice/portable:i32': 16, 'sub/portable:i16': 60, 'svdf/portable:i8': 60, 'tanh/portable:f32': 24,
        'transpose_conv2d/portable:i16': 120,
      },
    },
  },
};
