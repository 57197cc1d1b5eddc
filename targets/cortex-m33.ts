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
    code: { inlineCopyBytes: 64, base: 0, alu: 2.2, wide: 7.2, float: 5.9, double: 32.3, vector: 0, mem: 4.4, branch: 3.7, exit: 0, loop: 22, call: 12.8, inlineCopy: 0, copyBytes: 0.6, asm: 2.7, constant: 1.6, functions: 0, vectorizable: 0, vectorizedAlu: 0, vectorizedWide: 0, press6: 30.1, press12: 0, merged: -17.8 },
    stack: {
      bytes: 252, least: 8, perFunction: 6, nested: 12,
      kernels: {
        'add/portable:i16': 32, 'add/portable:i32': 8, 'add/portable:i8': 28, 'avg_pool2d/portable:f32': 8,
        'avg_pool2d/portable:i8': 24, 'cast/portable:i16': 8, 'cast/portable:i32': 8, 'concat/portable:i32': 12,
        'conv2d/dsp:i8': 116, 'conv2d/portable:f32': 100, 'conv2d/portable:i16': 124, 'conv2d/portable:i8': 104,
        'depthwise_conv2d/dsp:i8': 132, 'depthwise_conv2d/portable:f32': 120, 'depthwise_conv2d/portable:i8': 100,
        'dequantize/portable:i8': 44, 'div/portable:i32': 8, 'fully_connected/dsp:i8': 44,
        'fully_connected/portable:f32': 68, 'fully_connected/portable:i8': 72, 'leaky_relu/portable:i16': 16,
        'logistic/portable:i8': 52, 'max_pool2d/portable:f32': 8, 'max_pool2d/portable:i8': 16,
        'maximum/portable:i32': 8, 'minimum/portable:i32': 8, 'mul/portable:f32': 8, 'mul/portable:i32': 8,
        'pad/portable:i16': 28, 'quantize/portable:f32': 60, 'quantize/portable:i16': 12, 'quantize/portable:i32': 20,
        'reshape/portable:f32': 8, 'reshape/portable:i16': 8, 'reshape/portable:i32': 8, 'reshape/portable:i8': 8,
        'sequence_lstm/portable:i8': 140, 'sequence_lstm_float/portable:f32': 92, 'signal_energy/portable:i16': 20,
        'signal_fft_auto_scale/portable:i16': 8, 'signal_filter_bank/portable:i32': 56,
        'signal_filter_bank_log/portable:i32': 28, 'signal_filter_bank_sqrt/portable:i64': 32,
        'signal_pcan/portable:i32': 16, 'signal_rfft/portable:i16': 84,
        'signal_spectral_subtraction/portable:i32': 28, 'signal_window/portable:i16': 8, 'softmax/portable:f32': 44,
        'softmax/portable:i8': 76, 'strided_slice/portable:i16': 12, 'strided_slice/portable:i32': 8,
        'sub/portable:i16': 44, 'svdf/portable:i8': 56, 'transpose_conv2d/portable:i16': 124,
      },
    },
  },
};
