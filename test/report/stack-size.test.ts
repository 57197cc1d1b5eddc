/**
 * The stack estimate's arithmetic: a bundle's deepest kernel (by kernel and
 * element type) sets the figure, kernels the target has no figure for count
 * as its deepest stack, each further kernel function adds its share, and
 * the call sequence's own stack is the floor. The figures themselves are
 * checked against stacks measured on the boards in test/devices/sizes.test.ts.
 */
import test from 'ava';
import { estimateStackBytes } from '../../compiler/report/stack-size.js';
import type { StackCosts } from '../../targets/index.js';

const COSTS: StackCosts = { bytes: 300, least: 8, perFunction: 6.5, kernels: { 'add/portable:i8': 8, 'conv2d/portable:i8': 160, 'softmax/portable:i8': 92 } };
const layer = (kernel: string, fn: string, dtype = 'i8') => ({ kernel, dtype, function: fn });

test('one kernel: its own figure', (t) => {
  t.is(estimateStackBytes([layer('conv2d/portable', 'conv2d_0')], COSTS), 160);
  t.is(estimateStackBytes([layer('add/portable', 'add_0')], COSTS), 8);
});

test('the deepest kernel sets the figure; each further kernel function adds its share', (t) => {
  const layers = [layer('conv2d/portable', 'conv2d_0'), layer('conv2d/portable', 'conv2d_0'), layer('softmax/portable', 'softmax_0'), layer('add/portable', 'add_0')];
  t.is(estimateStackBytes(layers, COSTS), Math.ceil(160 + 2 * 6.5));
});

test('kernels without a figure count as the deepest stack; layers without work as nothing', (t) => {
  t.is(estimateStackBytes([layer('conv2d/portable', 'conv2d_0', 'i16')], COSTS), 300);
  t.is(estimateStackBytes([layer('transpose/portable', '')], COSTS), 8);
  t.is(estimateStackBytes([], COSTS), 8);
});
