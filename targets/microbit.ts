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
    code: { inlineCopyBytes: 1, base: 0, alu: 2.5, wide: 8.4, float: 5.7, double: 14.9, vector: 2, mem: 7.1, branch: 0, exit: 1.4, loop: 18.4, call: 15.3, inlineCopy: 4.4, copyBytes: 1, asm: 2, constant: 0, functions: 1.6, vectorizable: 0, vectorizedAlu: 0, vectorizedWide: 0, press6: 2.4, press12: 2, merged: 0 },
    stack: {
      bytes: 272, least: 64, perFunction: 16, nested: -32,
      kernels: {
        'add/portable:i16': 64, 'add/portable:i32': 64, 'avg_pool2d/portable:f32': 64, 'avg_pool2d/portable:i8': 64,
        'cast/portable:i16': 64, 'cast/portable:i32': 64, 'concat/portable:i32': 64, 'conv2d/portable:f32': 116,
        'conv2d/portable:i16': 272, 'conv2d/portable:i8': 128, 'depthwise_conv2d/portable:f32': 124,
        'depthwise_conv2d/portable:i8': 112, 'dequantize/portable:i8': 84, 'div/portable:i32': 64,
        'fully_connected/portable:f32': 100, 'fully_connected/portable:i8': 96, 'leaky_relu/portable:i16': 64,
        'logistic/portable:i8': 80, 'max_pool2d/portable:f32': 64, 'max_pool2d/portable:i8': 64,
        'maximum/portable:i32': 64, 'minimum/portable:i32': 64, 'mul/portable:f32': 64, 'mul/portable:i32': 64,
        'pad/portable:i16': 64, 'quantize/portable:f32': 104, 'quantize/portable:i16': 64,
        'quantize/portable:i32': 64, 'reshape/portable:f32': 64, 'reshape/portable:i16': 64,
        'reshape/portable:i32': 64, 'reshape/portable:i8': 64, 'sequence_lstm/portable:i8': 176,
        'sequence_lstm_float/portable:f32': 188, 'signal_energy/portable:i16': 64,
        'signal_fft_auto_scale/portable:i16': 64, 'signal_filter_bank/portable:i32': 88,
        'signal_filter_bank_log/portable:i32': 64, 'signal_filter_bank_sqrt/portable:i64': 64,
        'signal_pcan/portable:i32': 64, 'signal_rfft/portable:i16': 108,
        'signal_spectral_subtraction/portable:i32': 72, 'signal_window/portable:i16': 64, 'softmax/portable:f32': 100,
        'softmax/portable:i8': 112, 'strided_slice/portable:i16': 64, 'strided_slice/portable:i32': 64,
        'sub/portable:i16': 64, 'svdf/portable:i8': 64, 'transpose_conv2d/portable:i16': 120,
      },
    },
  },
};
