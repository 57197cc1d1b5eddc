/**
 * The memory planner on every supported oracle model: safe (the overlap
 * checker passes), no larger than its own lower bound allows by more than
 * 5 %, never larger than TFLite Micro's 32-bit arena, and far below the
 * no-reuse baseline on deep models.
 */
import test from 'ava';
import { importModel } from '../../compiler/import/index.js';
import { checkPlacement, computeBuffers, drawPlan, planMemory } from '../../compiler/plan/index.js';
import { modelBytes, oracleEntry } from '../helpers/oracle.js';
import { WHOLE_MODELS } from '../helpers/oracle-models.js';
import { GraphBuilder } from '../helpers/graph-builder.js';
import { byteSize, elementCount, isStateTensor, type AnyOp } from '../../compiler/ir/index.js';

for (const id of WHOLE_MODELS) {
  test(`plan of ${id} is safe and near its lower bound`, (t) => {
    const entry = oracleEntry(id);
    const g = importModel(modelBytes(entry), id);
    const plan = planMemory(g);
    t.notThrows(() =>
      checkPlacement(plan.buffers, plan.buffers.map((b) => b.offset), plan.arenaBytes, plan.alignment),
    );
    t.true(plan.arenaBytes >= plan.lowerBound, 'no plan beats the bound');
    t.true(plan.arenaBytes <= plan.lowerBound * 1.05, `arena ${plan.arenaBytes} vs bound ${plan.lowerBound}`);
    const tflm = entry.tflm_cortex_m4?.arena_used_bytes;
    if (tflm !== undefined) t.true(plan.arenaBytes <= tflm, `arena ${plan.arenaBytes} vs TFLite Micro ${tflm}`);
    t.true(plan.naiveBytes >= plan.arenaBytes);
    // Every activation tensor has an offset; constants have none. (A TFLite LSTM lists intermediate tensors no op reads or writes.)
    const used = new Set([...g.inputs, ...g.outputs, ...g.ops.flatMap((op) => [...op.inputs, ...op.outputs])]);
    g.tensors.forEach((tensor, i) => {
      if (tensor.data === undefined && !tensor.persistent && used.has(i)) t.not(plan.tensorOffsets[i], undefined, tensor.name);
      else if (tensor.data !== undefined) t.is(plan.tensorOffsets[i], undefined);
    });
    // State tensors (an LSTM's or SVDF's) sit in the state region at the arena's end, apart from every planned buffer.
    g.tensors.forEach((tensor, i) => {
      if (!isStateTensor(tensor)) return;
      const at = plan.tensorOffsets[i]!;
      t.true(at >= plan.stateOffset && at + byteSize(tensor.dtype, elementCount(tensor.shape)) <= plan.arenaBytes, `${tensor.name} at ${at}`);
      t.true(plan.buffers.every((b) => b.offset + b.bytes <= plan.stateOffset), 'planned buffers end before the state');
    });
  });
}

test('reshape aliases its input and element-wise ops take over dead inputs', (t) => {
  const g = importModel(modelBytes(oracleEntry('tflm-person-detection__person_detect')), 'pd');
  const plan = planMemory(g);
  const reshape = g.ops.find((op) => op.kind === 'reshape')!;
  t.is(plan.tensorOffsets[reshape.inputs[0]!], plan.tensorOffsets[reshape.outputs[0]!]);
  const add = importModel(modelBytes(oracleEntry('tflm-simple-add__simple_add_model')), 'add');
  const addPlan = planMemory(add);
  // Two 16 KiB inputs, the output written over the first: 32 KiB, not 48.
  t.is(addPlan.arenaBytes, 2 * 128 * 128);
  t.is(planMemory(add, { inPlace: false }).arenaBytes, 3 * 128 * 128);
});

test('scratch buffers live only at their op and are placed', (t) => {
  const g = importModel(modelBytes(oracleEntry('tflm-hello-world__hello_world_int8')), 'hw');
  const scratch = g.ops.map((_, i) => (i === 1 ? 100 : 0));
  const buffers = computeBuffers(g, { scratch });
  const s = buffers.find((b) => b.scratchFor === 1)!;
  t.is(s.firstStep, 1);
  t.is(s.lastStep, 1);
  const plan = planMemory(g, { scratch });
  t.not(plan.scratchOffsets[1], undefined);
  t.is(plan.scratchOffsets[0], undefined);
});

test('the picture draws one row per step inside the arena width', (t) => {
  const g = importModel(modelBytes(oracleEntry('mlperf-tiny-kws-dscnn__kws_ref_model')), 'kws');
  const picture = drawPlan(planMemory(g), 40).split('\n');
  t.is(picture.length, g.ops.length + 1);
  t.true(picture.slice(1).every((row) => row.length === 4 + 2 + 40 + 1));
});

test('an element-wise op never takes over a graph output, even as the last step', (t) => {
  // x → abs → a (an output) → neg → b (an output), with neg the last step: a is read after the run.
  const b = new GraphBuilder();
  const x = b.tensor('x', [1, 64]);
  const a = b.tensor('a', [1, 64]);
  const out = b.tensor('b', [1, 64]);
  b.ops.push({ kind: 'abs', name: 'abs', inputs: [x], outputs: [a], attrs: {} } as AnyOp);
  b.ops.push({ kind: 'neg', name: 'neg', inputs: [a], outputs: [out], attrs: {} } as AnyOp);
  const g = b.build([x], [a, out]);
  for (const chooseOrder of [true, false]) {
    const plan = planMemory(g, { chooseOrder });
    t.not(plan.tensorOffsets[a], plan.tensorOffsets[out], `chooseOrder ${chooseOrder}`);
    t.is(plan.tensorOffsets[a], plan.tensorOffsets[x], 'the dead input is still taken over');
  }
});
