/**
 * A bench for the int8 SIMD128 matrix kernel on its own: single convolution
 * layers with the shapes of the oracle models' pointwise and first layers
 * (random weights, per-channel scales, zero points), each checked against
 * the reference executor byte for byte and then timed in Node (the fastest
 * of many batches after warm-up), with multiply-adds per nanosecond. Quicker and
 * steadier than a whole-model profile when tuning the kernel.
 *
 *   node dist/scripts/dev/gemm-lab.js [--w4 | --w2] [LAYER…]
 *
 * LAYER is a name from the table below (all when none is given); --w4 and
 * --w2 store the weights packed as int4 or int2.
 */
import { emitWasmModules } from '../../compiler/emit-wasm/emit.js';
import { ReferenceExecutor } from '../../compiler/exec/reference.js';
import type { Graph } from '../../compiler/ir/index.js';
import { OPS } from '../../compiler/ops/registry.js';
import { packSubByte } from '../../compiler/quant/packing.js';
import { perChannel, q, randomData, randomInputs, Rng, singleOp } from '../../test/emit-wasm/single-op-graphs.js';
import { instantiateWasm } from '../../test/helpers/wasm-instance.js';
import { formatTable, thousands } from '../bench/section.js';
import { fastestMs } from '../../compiler/report/wasm-bench.js';

interface Layer {
  h: number; w: number; inC: number; outC: number;
  kH: number; kW: number; stride: number;
  pads: { top: number; left: number; bottom: number; right: number };
}

const NO_PAD = { top: 0, left: 0, bottom: 0, right: 0 };
const pointwise = (hw: number, inC: number, outC: number, w = hw): Layer => ({ h: hw, w, inC, outC, kH: 1, kW: 1, stride: 1, pads: NO_PAD });

/** Layer shapes of person_detect (pd), kws_ref_model (kws) and vww_96_int8 (vww). */
const LAYERS: Record<string, Layer> = {
  'pd-48x48-8-16': pointwise(48, 8, 16),
  'pd-24x24-16-32': pointwise(24, 16, 32),
  'pd-24x24-32-32': pointwise(24, 32, 32),
  'pd-12x12-32-64': pointwise(12, 32, 64),
  'pd-12x12-64-64': pointwise(12, 64, 64),
  'pd-6x6-64-128': pointwise(6, 64, 128),
  'pd-6x6-128-128': pointwise(6, 128, 128),
  'pd-3x3-128-256': pointwise(3, 128, 256),
  'pd-3x3-256-256': pointwise(3, 256, 256),
  'kws-25x5-64-64': pointwise(25, 64, 64, 5),
  'kws-49x10-10x4s2-1-64': { h: 49, w: 10, inC: 1, outC: 64, kH: 10, kW: 4, stride: 2, pads: { top: 4, left: 1, bottom: 5, right: 1 } },
  'vww-96x96-3x3s2-3-8': { h: 96, w: 96, inC: 3, outC: 8, kH: 3, kW: 3, stride: 2, pads: { top: 0, left: 0, bottom: 1, right: 1 } },
};

/** Longer than `ingot bench` gives a layer: one layer at a time, so there is time for it. */
const BUDGET_MS = 300;

type WeightType = 'i8' | 'i4' | 'i2';

function layerGraph(l: Layer, r: Rng, wt: WeightType): Graph {
  const inQ = q(r.float(0.01, 0.05), r.int(-128, -100));
  const scales = Array.from({ length: l.outC }, () => r.float(0.002, 0.02));
  const count = l.outC * l.kH * l.kW * l.inC;
  const range: [number, number] = wt === 'i8' ? [-128, 127] : wt === 'i4' ? [-8, 7] : [-2, 1];
  const values = randomData(r, 'i8', count, range) as Int8Array;
  const weights = wt === 'i8' ? values : packSubByte(values, wt);
  return singleOp('conv2d',
    { pads: l.pads, strideH: l.stride, strideW: l.stride, dilationH: 1, dilationW: 1, activation: 'relu6' },
    [
      { dtype: 'i8', shape: [1, l.h, l.w, l.inC], quant: inQ },
      { dtype: wt, shape: [l.outC, l.kH, l.kW, l.inC], data: weights, quant: perChannel(scales) },
      { dtype: 'i32', shape: [l.outC], data: randomData(r, 'i32', l.outC, [-3000, 3000]), quant: perChannel(scales.map((s) => s * inQ.scale[0]!)) },
    ],
    { dtype: 'i8', quant: q(0.05, -128) });
}

async function measure(name: string, l: Layer, wt: WeightType): Promise<string[]> {
  const r = new Rng(name.length * 977 + l.inC);
  const g = layerGraph(l, r, wt);
  const inputs = randomInputs(r, g);
  const expected = new ReferenceExecutor(g).run(inputs)[0] as Int8Array;
  const emitted = await emitWasmModules(g, { builds: [true], stepExports: true });
  const ex = await instantiateWasm(emitted.modules[0]!.bytes);
  const mem = new Uint8Array(ex.memory.buffer);
  const input = inputs[0]!.data as Int8Array;
  mem.set(new Uint8Array(input.buffer, input.byteOffset, input.byteLength), emitted.layout.tensorAddress[g.inputs[0]!]!);
  ex.step_0!();
  const outAt = emitted.layout.tensorAddress[g.outputs[0]!]!;
  const got = new Int8Array(ex.memory.buffer, outAt, expected.length);
  const exact = got.every((v, i) => v === expected[i]);
  const ms = fastestMs(ex.step_0!, BUDGET_MS);
  const macs = OPS.conv2d.cost(g.ops[0] as never, g).macs;
  return [name, thousands(macs), (ms * 1000).toFixed(2), (macs / (ms * 1e6)).toFixed(2), exact ? 'exact' : 'DIFFERS'];
}

async function main(argv: string[]): Promise<number> {
  const wt: WeightType = argv.includes('--w4') ? 'i4' : argv.includes('--w2') ? 'i2' : 'i8';
  const given = argv.filter((a) => !a.startsWith('--'));
  const names = given.length > 0 ? given : Object.keys(LAYERS);
  const rows: string[][] = [];
  for (const n of names) {
    const l = LAYERS[n];
    if (!l) throw new Error(`unknown layer ${n}; known: ${Object.keys(LAYERS).join(', ')}`);
    rows.push(await measure(n, l, wt));
  }
  for (const line of formatTable(['layer', 'MACs', 'µs (best)', 'MAC/ns', 'output'], rows)) process.stdout.write(line + '\n');
  return rows.some((row) => row[4] !== 'exact') ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
