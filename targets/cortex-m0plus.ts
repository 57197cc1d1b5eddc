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
    code: { inlineCopyBytes: 1, base: 0, alu: 2, wide: 8.2, float: 4.9, double: 26.9, vector: 0, mem: 9.7, branch: 4.9, exit: 0, loop: 36.1, call: 8.1, inlineCopy: 0, copyBytes: 0, asm: 0, constant: 3.2, functions: 0, vectorizable: 0, vectorizedAlu: 0, vectorizedWide: 0, press6: 52.7, press12: 0, merged: -61.3 },
    stack: {
      bytes: 344, least: 12, perFunction: 10.7, nested: -16,
      kernels: {
        'add/portable:i16': 64, 'add/portable:i32': 12, 'add/portable:i8': 56, 'avg_pool2d/portable:f32': 60,
        'avg_pool2d/portable:i8': 28, 'cast/portable:i16': 28, 'cast/portable:i32': 12, 'concat/portable:i32': 24,
        'conv2d/portable:f32': 164, 'conv2d/portable:i16': 344, 'conv2d/portable:i8': 168,
        'depthwise_conv2d/portable:f32': 148, 'depthwise_conv2d/portable:i8': 160, 'dequantize/portable:i8': 76,
        'div/portable:i32': 12, 'fully_connected/portable:f32': 116, 'fully_connected/portable:i8': 112,
        'leaky_relu/portable:i16': 48, 'logistic/portable:i8': 152, 'max_pool2d/portable:f32': 64,
        'max_pool2d/portable:i8': 40, 'maximum/portable:i32': 12, 'minimum/portable:i32': 12, 'mul/portable:f32': 44,
        'mul/portable:i32': 12, 'pad/portable:i16': 24, 'quantize/portable:f32': 112, 'quantize/portable:i16': 56,
        'quantize/portable:i32': 56, 'reshape/portable:f32': 12, 'reshape/portable:i16': 12,
        'reshape/portable:i32': 12, 'reshape/portable:i8': 12, 'sequence_lstm/portable:i8': 280,
        'sequence_lstm_float/portable:f32': 204, 'signal_energy/portable:i16': 24,
        'signal_fft_auto_scale/portable:i16': 20, 'signal_filter_bank/portable:i32': 104,
        'signal_filter_bank_log/portable:i32': 32, 'signal_filter_bank_sqrt/portable:i64': 44,
        'signal_pcan/portable:i32': 64, 'signal_rfft/portable:i16': 116,
        'signal_spectral_subtraction/portable:i32': 112, 'signal_window/portable:i16': 20, 'softmax/portable:f32': 92,
        'softmax/portable:i8': 144, 'strided_slice/portable:i16': 24, 'strided_slice/portable:i32': 24,
        'sub/portable:i16': 72, 'svdf/portable:i8': 112, 'transpose_conv2d/portable:i16': 184,
      },
    },
  },
};
