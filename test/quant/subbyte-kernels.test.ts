/**
 * int4 and int2 weights in the reference kernels: conv2d, depthwise_conv2d
 * and fully_connected with packed sub-byte weights must give exactly what
 * the same op gives with those weight values stored as int8 (the kernels
 * that are bit-exact with TFLite Micro). Random shapes, scales, zero points
 * and activations from a seeded PRNG.
 */
import test from 'ava';
import { ReferenceExecutor } from '../../compiler/exec/reference.js';
import type { AnyOp, Graph, QuantParams, Tensor } from '../../compiler/ir/index.js';
import { packSubByte } from '../../compiler/quant/packing.js';
import { prng } from '../helpers/quant-data.js';

type Kind = 'conv2d' | 'depthwise_conv2d' | 'fully_connected';
const RANGE = { i4: [-8, 7], i2: [-2, 1] } as const;

interface Case {
  graph(weightDtype: 'i8' | 'i4' | 'i2'): Graph;
  input: Int8Array;
}

function perTensor(scale: number, zeroPoint: number): QuantParams {
  return { scale: [Math.fround(scale)], zeroPoint: [zeroPoint], axis: 0 };
}

function makeCase(kind: Kind, sub: 'i4' | 'i2', rand: () => number): Case {
  const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
  const [lo, hi] = RANGE[sub];
  let inShape: number[];
  let wShape: number[];
  let outShape: number[];
  let axis: number;
  let attrs: AnyOp['attrs'];
  const pads = { top: 1, left: 0, bottom: 1, right: 1 };
  const h = int(3, 7);
  const w = int(3, 7);
  const c = int(1, 5);
  if (kind === 'conv2d') {
    const oc = int(1, 6);
    inShape = [1, h, w, c];
    wShape = [oc, 3, 2, c];
    outShape = [1, h, w, oc];
    axis = 0;
    attrs = { pads, strideH: 1, strideW: 1, dilationH: 1, dilationW: 1, activation: 'none' };
  } else if (kind === 'depthwise_conv2d') {
    const m = int(1, 3);
    inShape = [1, h, w, c];
    wShape = [1, 3, 2, c * m];
    outShape = [1, h, w, c * m];
    axis = 3;
    attrs = { pads, strideH: 1, strideW: 1, dilationH: 1, dilationW: 1, activation: 'relu', depthMultiplier: m };
  } else {
    const depth = int(1, 40);
    const units = int(1, 9);
    inShape = [2, depth];
    wShape = [units, depth];
    outShape = [2, units];
    axis = 0;
    attrs = { activation: 'none', keepNumDims: false };
  }
  const channels = wShape[axis]!;
  const count = wShape.reduce((a, b) => a * b, 1);
  const values = Array.from({ length: count }, () => int(lo, hi));
  const inQ = perTensor(0.01 + rand() * 0.1, int(-20, 20));
  const wScales = Array.from({ length: channels }, () => Math.fround(0.005 + rand() * 0.05));
  const bias = Int32Array.from({ length: channels }, () => int(-3000, 3000));
  const outQ = perTensor(0.02 + rand() * 0.2, int(-10, 10));
  const input = Int8Array.from({ length: inShape.reduce((a, b) => a * b, 1) }, () => int(-128, 127));
  return {
    input,
    graph(weightDtype) {
      const data = weightDtype === 'i8' ? Int8Array.from(values) : packSubByte(values, weightDtype);
      const tensors: Tensor[] = [
        { name: 'in', dtype: 'i8', shape: inShape, quant: inQ },
        { name: 'w', dtype: weightDtype, shape: wShape, quant: { scale: wScales, zeroPoint: wScales.map(() => 0), axis }, data },
        { name: 'b', dtype: 'i32', shape: [channels], quant: { scale: wScales.map((s) => Math.fround(s * inQ.scale[0]!)), zeroPoint: wScales.map(() => 0), axis: 0 }, data: bias },
        { name: 'out', dtype: 'i8', shape: outShape, quant: outQ },
      ];
      const op = { kind, name: kind, inputs: [0, 1, 2], outputs: [3], attrs } as AnyOp;
      return { name: kind, source: 'test', tensors, ops: [op], inputs: [0], outputs: [3] };
    },
  };
}

for (const kind of ['conv2d', 'depthwise_conv2d', 'fully_connected'] as const) {
  for (const sub of ['i4', 'i2'] as const) {
    test(`${kind} with ${sub} weights equals the int8 kernel on the same values`, (t) => {
      const rand = prng(kind.length * 31 + (sub === 'i4' ? 4 : 2));
      const seen = new Set<number>();
      for (let trial = 0; trial < 25; trial++) {
        const c = makeCase(kind, sub, rand);
        const run = (dtype: 'i8' | 'i4' | 'i2'): number[] => {
          const g = c.graph(dtype);
          return Array.from(new ReferenceExecutor(g).run([{ dtype: 'i8', shape: g.tensors[0]!.shape, data: c.input }])[0] as Int8Array);
        };
        const expected = run('i8');
        t.deepEqual(run(sub), expected, `trial ${trial}`);
        for (const v of expected) seen.add(v);
      }
      // The cases must exercise the arithmetic, not saturate everything.
      t.true(seen.size > 20, `only ${seen.size} distinct outputs`);
    });
  }
}
