/**
 * AArch64 Cortex-A76 (Armv8.2-A with NEON and the SDOT/UDOT dot product):
 * Raspberry Pi 5 and current phones.
 */
import { bareMetalVirt, qemuUser } from './aarch64-boards.js';
import { aarch64Linux } from './toolchains.js';
import type { Target } from './target.js';

export const cortexA76: Target = {
  id: 'cortex-a76',
  description: 'AArch64 Cortex-A76 (Armv8.2-A, NEON, dot product; Raspberry Pi 5, current phones)',
  architecture: 'aarch64',
  cpu: 'cortex-a76',
  features: ['fpu', 'neon', 'dotprod'],
  clockHz: 2_400_000_000,
  flashBytes: 2 ** 32,
  ramBytes: 4 * 1024 * 1024 * 1024,
  alignment: 16,
  pointerBytes: 8,
  toolchain: aarch64Linux(['-march=armv8.2-a+dotprod', '-mtune=cortex-a76']),
  emulator: qemuUser('cortex-a76').command,
  hosted: false,
  board: qemuUser('cortex-a76'),
  countingBoard: bareMetalVirt('cortex-a76'),
  cost: {
    cyclesPerMac: 0.15,
    cyclesPerByte: 0.15,
    cyclesPerLayer: 150,
    // Size figures fitted and measured by scripts/dev/calibrate-sizes.ts (bytes per operation; stack per kernel).
    code: { inlineCopyBytes: 256, base: 149.8, alu: 3.8, wide: 4.4, float: 3.7, double: 79.7, vector: 2.7, mem: 6.3, branch: 2.7, exit: 0, loop: 36.9, call: 38.9, inlineCopy: 0, copyBytes: 0.2, asm: 0, constant: 0, functions: 0, vectorizable: 0, vectorizedAlu: 1.6, vectorizedWide: 9.6, press6: 0, press12: 0, merged: -89.9 },
    stack: {
      bytes: 556, least: 8, perFunction: 10.7, nested: 20,
      kernels: {
        'add/portable:f32': 8, 'add/portable:i16': 8, 'add/portable:i32': 8, 'add/portable:i8': 60,
        'avg_pool2d/portable:f32': 8, 'avg_pool2d/portable:i8': 8, 'cast/portable:i16': 8, 'cast/portable:i32': 8,
        'clip/portable:f32': 8, 'concat/portable:f32': 28, 'concat/portable:i32': 28, 'conv2d/neon-sdot:i8': 268,
        'conv2d/portable:f32': 76, 'conv2d/portable:i16': 188, 'depthwise_conv2d/neon:i8': 124,
        'depthwise_conv2d/portable:f32': 124, 'depthwise_conv2d/portable:i8': 140, 'dequantize/portable:i8': 8,
        'div/portable:i32': 8, 'fully_connected/neon-sdot:i8': 156, 'fully_connected/portable:f32': 12,
        'fully_connected/portable:i8': 12, 'leaky_relu/portable:i16': 8, 'logistic/portable:f32': 60,
        'logistic/portable:i8': 108, 'max_pool2d/portable:f32': 8, 'max_pool2d/portable:i8': 8,
        'maximum/portable:i32': 8, 'minimum/portable:i32': 8, 'mul/portable:f32': 8, 'mul/portable:i32': 8,
        'pad/portable:i16': 28, 'quantize/portable:f32': 76, 'quantize/portable:i16': 8, 'quantize/portable:i32': 8,
        'reshape/portable:f32': 8, 'reshape/portable:i16': 8, 'reshape/portable:i32': 8, 'reshape/portable:i8': 8,
        'sequence_lstm/portable:i8': 236, 'sequence_lstm_float/portable:f32': 124, 'signal_energy/portable:i16': 8,
        'signal_fft_auto_scale/portable:i16': 8, 'signal_filter_bank/portable:i32': 8,
        'signal_filter_bank_log/portable:i32': 8, 'signal_filter_bank_sqrt/portable:i64': 8,
        'signal_pcan/portable:i32': 8, 'signal_rfft/portable:i16': 236, 'signal_spectral_subtraction/portable:i32': 8,
        'signal_window/portable:i16': 8, 'softmax/portable:f32': 60, 'softmax/portable:i8': 108,
        'strided_slice/portable:f32': 12, 'strided_slice/portable:i16': 28, 'strided_slice/portable:i32': 12,
        'sub/portable:i16': 8, 'svdf/portable:i8': 12, 'tanh/portable:f32': 28, 'transpose_conv2d/portable:i16': 124,
      },
    },
  },
};
