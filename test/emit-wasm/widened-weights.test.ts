/**
 * Weights shipped as int8 and widened to int16 at instantiation (widen.ts):
 * the SIMD module's data segments carry no int16 weights (they fill at
 * most the int8 half of a widened region, and the data section stays near
 * the graph's int8 size), the start function writes exactly the stream the matrix
 * kernel read when it was stored whole (`packWeights` with 16 bits), and a
 * freshly instantiated module, with no other call, gives TFLite Micro's
 * outputs byte for byte.
 */
import test from 'ava';
import { emitWasmModules } from '../../compiler/emit-wasm/emit.js';
import { packWeights, widenedWeights } from '../../compiler/emit-wasm/kernels/gemm-simd.js';
import { wasmSections } from '../../compiler/emit-wasm/sections.js';
import { widenedBytes, type WidenedTable } from '../../compiler/emit-wasm/widen.js';
import { dataFromBytes, elementCount, byteSize } from '../../compiler/ir/index.js';
import { importModel } from '../../compiler/import/index.js';
import { compareOutput } from '../helpers/compare.js';
import { modelBytes, oracleCases, oracleEntry, oracleIndex } from '../helpers/oracle.js';
import { instantiateWasm } from '../helpers/wasm-instance.js';

/** The int16 bytes the start function must write for `t`, computed here in plain JavaScript as the reference. */
function widenReference(t: WidenedTable): Uint8Array {
  const values = new Int8Array(t.int8.buffer, t.int8.byteOffset, t.int8.length);
  const scales = new Int16Array(t.scales.slice().buffer);
  const out = new Int16Array(values.length);
  let group = 0;
  let scaleBase = 0;
  for (const run of t.runs) {
    for (let b = 0; b < run.blocks; b++, scaleBase += 8 * run.vectors) {
      for (let r = 0; r < run.repeats; r++) {
        for (let v = 0; v < run.vectors; v++, group++) {
          for (let lane = 0; lane < 8; lane++) out[8 * group + lane] = values[8 * group + lane]! * scales[scaleBase + 8 * v + lane]!;
        }
      }
    }
  }
  return new Uint8Array(out.buffer);
}

/** Active data segments (offset, length) of a module with one memory and i32.const offsets. */
function dataSegments(bytes: Uint8Array): Array<{ offset: number; length: number }> {
  let pos = 8;
  const leb = (signed = false): number => {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = bytes[pos++]!;
      result += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if ((b & 0x80) === 0) return signed && b & 0x40 ? result - 2 ** shift : result;
    }
  };
  while (pos < bytes.length) {
    const id = bytes[pos++]!;
    const size = leb();
    if (id !== 11) {
      pos += size;
      continue;
    }
    const segments: Array<{ offset: number; length: number }> = [];
    for (let n = leb(); n > 0; n--) {
      if (leb() !== 0 || bytes[pos++] !== 0x41) throw new Error('expected an active segment with an i32.const offset');
      const offset = leb(true);
      if (bytes[pos++] !== 0x0b) throw new Error('expected end after the offset');
      const length = leb();
      segments.push({ offset, length });
      pos += length;
    }
    return segments;
  }
  return [];
}

const PERSON_DETECT = oracleIndex().find((e) => e.id.includes('person_detect'))!.id;

test('person_detect SIMD: int8 weights in the data segment, int16 written at instantiation', async (t) => {
  const graph = importModel(modelBytes(oracleEntry(PERSON_DETECT)), 'person_detect');
  const { modules, layout } = await emitWasmModules(graph, { builds: [true] });
  const m = modules[0]!;
  const graphInt8 = graph.tensors.reduce((n, x) => n + (x.data instanceof Int8Array ? x.data.byteLength : 0), 0);
  const graphConstants = graph.tensors.reduce((n, x) => n + (x.data ? x.data.byteLength : 0), 0);
  const widenedInt8 = m.widened.reduce((n, p) => n + p.table.int8.length, 0);
  // Most of the model's weights take the widened stream, so the checks below are about them.
  t.true(widenedInt8 >= 0.9 * graphInt8, `${widenedInt8} of ${graphInt8} int8 weight bytes widened`);

  // Data segments fill at most the upper half of each widened region (its int8 values):
  // the int16 bytes are not in the file.
  const segments = dataSegments(m.bytes);
  t.true(segments.length > 0);
  for (const p of m.widened) {
    t.true(p.at >= layout.constantsBase);
    const end = p.at + widenedBytes(p.table);
    const written = segments.reduce((n, s) => n + Math.max(0, Math.min(end, s.offset + s.length) - Math.max(p.at, s.offset)), 0);
    t.true(written > 0 && written <= p.table.int8.length, `widened region at ${p.at}: ${written} bytes from data segments`);
  }
  // The data section stays near the graph's own constants (int8 weights, int32 biases)
  // plus per-channel tables; holding the int16 stream would make it over twice that.
  const data = wasmSections(m.bytes).data;
  t.true(data < 1.5 * graphConstants, `data section ${data} B, graph constants ${graphConstants} B`);
  t.true(data + widenedInt8 > 1.5 * graphConstants, 'the bound above separates the int8 and int16 forms');

  // The start function wrote each table's int16 stream.
  const ex = await instantiateWasm(m.bytes);
  for (const p of m.widened) {
    t.deepEqual(new Uint8Array(ex.memory.buffer, p.at, widenedBytes(p.table)), widenReference(p.table), `widened region at ${p.at}`);
  }

  // A fresh instance runs exactly, with nothing called before `run`.
  for (const c of oracleCases(PERSON_DETECT)) {
    const fresh = await instantiateWasm(m.bytes);
    const input = graph.tensors[graph.inputs[0]!]!;
    const inputAt = layout.tensorAddress[graph.inputs[0]!]!;
    const given = c.inputs[0]!.data;
    new Uint8Array(fresh.memory.buffer, inputAt, byteSize(input.dtype, elementCount(input.shape))).set(new Uint8Array(given.buffer, given.byteOffset, given.byteLength));
    fresh.run!();
    const output = graph.tensors[graph.outputs[0]!]!;
    const outAt = layout.tensorAddress[graph.outputs[0]!]!;
    const got = dataFromBytes(output.dtype, new Uint8Array(fresh.memory.buffer, outAt, byteSize(output.dtype, elementCount(output.shape))).slice());
    t.is(compareOutput(got, c.outputs[0]!.data), undefined, c.name);
  }
});

test('widened int8 weights equal the int16 stream with the scales folded in', (t) => {
  let seed = 7;
  const next = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8);
  const shapes = [[1, 1, 1], [3, 5, 2], [8, 16, 2], [13, 7, 2], [9, 33, 1], [32, 64, 2], [20, 3, 2]] as const;
  for (const [N, K, vectors] of shapes) {
    const w = Int8Array.from({ length: N * K }, (_, i) => (i === 0 ? -128 : (next() % 256) - 128));
    // Powers of two small enough that every product fits in int16, as the kernel requires.
    const scales = Array.from({ length: N }, () => 2 ** (next() % 9));
    const table = widenedWeights(w, N, K, vectors, scales);
    t.is(table.int8.length * 2, packWeights(w, N, K, 16, vectors, scales).length);
    t.deepEqual(widenReference(table), packWeights(w, N, K, 16, vectors, scales), `N=${N} K=${K} vectors=${vectors}`);
  }
});
