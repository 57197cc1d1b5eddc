/**
 * The one table of target-specific C kernels: per op kind, the specialised
 * kernels in order of preference (select.ts picks the first that the
 * target's features and the op's configuration allow). Adding a kernel is
 * one file in its family's folder plus one entry here.
 */
import { conv2dDsp } from './arm-dsp/conv2d.js';
import { depthwiseConv2dDsp } from './arm-dsp/depthwise-conv2d.js';
import { fullyConnectedDsp } from './arm-dsp/fully-connected.js';
import { conv2dMve } from './arm-mve/conv2d.js';
import { depthwiseConv2dMve } from './arm-mve/depthwise-conv2d.js';
import { conv2dNeon, conv2dNeonSdot } from './neon/conv2d.js';
import { depthwiseConv2dNeon } from './neon/depthwise-conv2d.js';
import { fullyConnectedNeon, fullyConnectedNeonSdot } from './neon/fully-connected.js';
import type { TargetKernelTable } from './select.js';

export const TARGET_KERNELS: TargetKernelTable = {
  conv2d: [conv2dMve, conv2dDsp, conv2dNeonSdot, conv2dNeon],
  depthwise_conv2d: [depthwiseConv2dMve, depthwiseConv2dDsp, depthwiseConv2dNeon],
  fully_connected: [fullyConnectedDsp, fullyConnectedNeonSdot, fullyConnectedNeon],
};
