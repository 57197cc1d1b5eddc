/**
 * Kernel functions one layer calls with more parameters than targets pass
 * in registers (compiler/emit-c/functions.ts): the constant arrays become
 * locals, and when more than eight arena tensors remain the function takes
 * the arena itself. Checked on concatenations of many inputs: the
 * signatures and calls the source holds, and the outputs against the
 * reference executor (built with -Wall -Wextra -Werror).
 */
import test from 'ava';
import { compile } from '../../compiler/compile.js';
import { ReferenceExecutor, type RunInput } from '../../compiler/exec/reference.js';
import type { Graph, Tensor } from '../../compiler/ir/index.js';
import { cBackend } from '../conformance/c-backend.js';

/**
 * A concatenation (axis 1) of `constants` constant [1, 3] tensors and `parts` arena tensors [1, 3], each
 * the one graph input times a constant of its own (the test driver feeds at most eight inputs).
 */
function concatGraph(parts: number, constants: number): { graph: Graph; feeds: RunInput[] } {
  const tensors: Tensor[] = [{ name: 'x', dtype: 'f32', shape: [1, 3] }];
  const ops: Graph['ops'] = [];
  const pieces: number[] = [];
  const add = (t: Tensor): number => tensors.push(t) - 1;
  for (let k = 0; k < constants; k++) pieces.push(add({ name: `c${k}`, dtype: 'f32', shape: [1, 3], data: Float32Array.from([k, -k, 0.5 * k]) }));
  for (let k = 0; k < parts; k++) {
    const factor = add({ name: `f${k}`, dtype: 'f32', shape: [1, 3], data: Float32Array.from([k + 1, 2 - k, 0.25]) });
    const part = add({ name: `p${k}`, dtype: 'f32', shape: [1, 3] });
    ops.push({ kind: 'mul', name: `mul${k}`, inputs: [0, factor], outputs: [part], attrs: { activation: 'none', potScaleInt16: false } });
    pieces.push(part);
  }
  const y = add({ name: 'y', dtype: 'f32', shape: [1, 3 * (parts + constants)] });
  ops.push({ kind: 'concat', name: 'cat', inputs: pieces, outputs: [y], attrs: { axis: 1, activation: 'none' } });
  const graph: Graph = { name: 'many', source: 'test', tensors, ops, inputs: [0], outputs: [y] };
  return { graph, feeds: [{ dtype: 'f32', shape: [1, 3], data: Float32Array.from([1.5, -2, 3]) }] };
}

const modelSource = (graph: Graph): string => {
  const file = compile(graph, { target: 'host' }).bundle.files.find((f) => f.path === 'src/many.c')!;
  return new TextDecoder().decode(file.bytes);
};

for (const [parts, constants, form] of [[10, 1, 'arena'], [6, 3, 'constants bound'], [5, 0, 'plain']] as const) {
  test(`a concatenation of ${parts} arena tensors and ${constants} constants: ${form} form, outputs equal the reference`, async (t) => {
    const { graph, feeds } = concatGraph(parts, constants);
    const source = modelSource(graph);
    const signature = /static void concat_0\(([^)]*)\)/.exec(source)![1]!;
    const call = /\n {2}concat_0\(([^;]*)\);/.exec(source)![1]!;
    if (form === 'arena') {
      t.is(signature, 'uint8_t *a');
      t.is(call, 'a');
    } else {
      t.is(signature.split(',').length, parts + 1, 'the arena tensors stay parameters');
      t.is(call.split(',').length, parts + 1);
    }
    t.is((source.match(/ = many_w\d+;/g) ?? []).length, form === 'plain' ? 0 : constants, 'constant arrays bound inside');
    const expected = new ReferenceExecutor(graph).run(feeds)[0] as Float32Array;
    const [outputs] = await cBackend.run(graph, [feeds]);
    t.deepEqual(Array.from(outputs![0] as Float32Array), Array.from(expected));
  });
}
