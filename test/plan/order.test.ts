/**
 * Execution order as a memory decision: on a graph whose file order
 * interleaves two branches, the chosen order finishes one branch first and
 * lowers the peak; on straight-line models the file order stays.
 */
import test from 'ava';
import { ReferenceExecutor } from '../../compiler/exec/reference.js';
import { importModel } from '../../compiler/import/index.js';
import { chooseOrder, peakBytes, planMemory } from '../../compiler/plan/index.js';
import { GraphBuilder } from '../helpers/graph-builder.js';
import { modelBytes, oracleEntry } from '../helpers/oracle.js';

function twoBranches() {
  const b = new GraphBuilder();
  const x = b.tensor('x', [1, 16]);
  // File order interleaves the branches: both wide tensors are alive together.
  const wideA = b.dense('a_wide', x, 1000);
  const wideB = b.dense('b_wide', x, 1000);
  const narrowA = b.dense('a_narrow', wideA, 16);
  const narrowB = b.dense('b_narrow', wideB, 16);
  const sum = b.add('sum', narrowA, narrowB);
  return b.build([x], [sum]);
}

test('a branch runs to its end before the next starts when that lowers the peak', (t) => {
  const g = twoBranches();
  const fileOrder = g.ops.map((_, i) => i);
  const chosen = chooseOrder(g);
  t.true(chosen.peak < peakBytes(g, fileOrder, 16));
  // At worst x, one wide tensor and one narrow result are alive together.
  t.is(chosen.peak, 64 + 4000 + 64);
  const plan = planMemory(g);
  t.deepEqual(plan.order, chosen.order);
  t.true(plan.arenaBytes < planMemory(g, { chooseOrder: false }).arenaBytes);
  // The order is a valid topological order: the executor's results do not depend on it.
  t.notThrows(() => new ReferenceExecutor(g).run([{ dtype: 'f32', shape: [1, 16], data: new Float32Array(16) }]));
});

test('straight-line models keep the file order', (t) => {
  const g = importModel(modelBytes(oracleEntry('tflm-person-detection__person_detect')), 'pd');
  t.deepEqual(chooseOrder(g).order, g.ops.map((_, i) => i));
});
