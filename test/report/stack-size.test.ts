/**
 * The stack estimate's arithmetic: a bundle's deepest kernel (by kernel and
 * element type) sets the figure, kernels the target has no figure for count
 * as its deepest stack, further kernel functions add a share each but never
 * more than the second deepest one's figure plus the nesting allowance, and
 * the call sequence's own stack is the floor. The figures themselves are
 * checked against stacks measured on the boards in test/devices/sizes.test.ts.
 */
import test from 'ava';
import { estimateStackBytes } from '../../compiler/report/stack-size.js';
import type { StackCosts } from '../../targets/index.js';

const COSTS: StackCosts = { bytes: 300, least: 8, perFunction: 6.5, nested: 4, kernels: { 'add/portable:i8': 8, 'conv2d/portable:i8': 160, 'softmax/portable:i8': 92 } };
const layer = (kernel: string, fn: string, dtype = 'i8') => ({ kernel, dtype, function: fn });

test('one kernel: its own figure', (t) => {
  t.is(estimateStackBytes([layer('conv2d/portable', 'conv2d_0')], COSTS), 160);
  t.is(estimateStackBytes([layer('add/portable', 'add_0')], COSTS), 8);
});

test('the deepest kernel sets the figure; each further kernel function adds its share', (t) => {
  const layers = [layer('conv2d/portable', 'conv2d_0'), layer('conv2d/portable', 'conv2d_0'), layer('softmax/portable', 'softmax_0'), layer('add/portable', 'add_0')];
  t.is(estimateStackBytes(layers, COSTS), Math.ceil(160 + 2 * 6.5));
});

test('many shallow kernels add no more than the second deepest figure and the nesting allowance', (t) => {
  const adds = Array.from({ length: 20 }, (_, i) => layer('add/portable', `add_${i}`));
  t.is(estimateStackBytes([layer('conv2d/portable', 'conv2d_0'), ...adds], COSTS), 160 + 8 + 4);
  t.is(estimateStackBytes([layer('softmax/portable', 'softmax_0'), ...adds.slice(0, 2)], COSTS), 92 + 8 + 4);
  t.is(estimateStackBytes([layer('softmax/portable', 'softmax_0'), ...adds.slice(0, 1)], COSTS), Math.ceil(92 + 6.5));
});

test('an allowance below minus the second figure adds nothing', (t) => {
  const costs = { ...COSTS, nested: -20 };
  t.is(estimateStackBytes([layer('conv2d/portable', 'conv2d_0'), layer('add/portable', 'add_0'), layer('add/portable', 'add_1')], costs), 160);
});

test('kernels without a figure count as the deepest stack; layers without work as nothing', (t) => {
  t.is(estimateStackBytes([layer('conv2d/portable', 'conv2d_0', 'i16')], COSTS), 300);
  t.is(estimateStackBytes([layer('transpose/portable', '')], COSTS), 8);
  t.is(estimateStackBytes([], COSTS), 8);
});
