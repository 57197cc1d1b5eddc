/**
 * What a web page downloads and what instantiation costs, per oracle model:
 * each module's whole size with its code and data sections, the graph's
 * constant bytes (what an int8 model's weights weigh as the model stores
 * them), the memory the module declares, the median time of
 * `WebAssembly.instantiate` on an already compiled module (memory, data
 * segment copy and the start function, which widens weights), and what the
 * start function adds: the same module without its start section,
 * instantiated alternately, is the baseline.
 *
 *   node dist/scripts/dev/module-sizes.js MODEL_ID…
 *
 * MODEL_ID is an oracle id or a unique part of one (e.g. `person_detect`).
 */
import { emitWasmModules } from '../../compiler/emit-wasm/emit.js';
import { wasmSections } from '../../compiler/emit-wasm/sections.js';
import { importModel } from '../../compiler/import/index.js';
import { modelBytes, oracleEntry, oracleIndex } from '../../test/helpers/oracle.js';
import { formatTable, thousands } from '../bench/section.js';

interface WasmJs {
  compile(b: Uint8Array): Promise<object>;
  instantiate(m: object): Promise<object>;
}
const wasm = (globalThis as unknown as { WebAssembly: WasmJs }).WebAssembly;
const INSTANCES = 101;
const START_SECTION = 8;

/** The module without its start section (sections copied as they are). */
function withoutStart(bytes: Uint8Array): Uint8Array {
  const kept: Uint8Array[] = [bytes.subarray(0, 8)];
  let pos = 8;
  while (pos < bytes.length) {
    const begin = pos;
    const id = bytes[pos++]!;
    let size = 0;
    for (let shift = 0; ; shift += 7) {
      const b = bytes[pos++]!;
      size += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) break;
    }
    pos += size;
    if (id !== START_SECTION) kept.push(bytes.subarray(begin, pos));
  }
  const out = new Uint8Array(kept.reduce((n, k) => n + k.length, 0));
  kept.reduce((at, k) => (out.set(k, at), at + k.length), 0);
  return out;
}

/** Median instantiation µs of the module, and of the module without its start function (alternating). */
async function instantiateUs(bytes: Uint8Array): Promise<[number, number]> {
  const compiled = [await wasm.compile(bytes), await wasm.compile(withoutStart(bytes))];
  const times: number[][] = [[], []];
  for (let i = 0; i < INSTANCES; i++) {
    for (const k of [0, 1]) {
      const t0 = performance.now();
      await wasm.instantiate(compiled[k]!);
      times[k]!.push((performance.now() - t0) * 1000);
    }
  }
  const median = (ts: number[]): number => ts.sort((a, b) => a - b)[Math.floor(INSTANCES / 2)]!;
  return [median(times[0]!), median(times[1]!)];
}

async function sizes(id: string): Promise<string[][]> {
  const graph = importModel(modelBytes(oracleEntry(id)), id.split('__')[1] ?? id);
  const constants = graph.tensors.reduce((n, t) => n + (t.data ? t.data.byteLength : 0), 0);
  const { modules } = await emitWasmModules(graph);
  const rows: string[][] = [];
  for (const m of modules) {
    const s = wasmSections(m.bytes);
    const [withStart, without] = await instantiateUs(m.bytes);
    rows.push([graph.name, m.simd ? 'SIMD' : 'plain', thousands(s.total), thousands(s.code), thousands(s.data), thousands(constants),
      thousands(m.pages * 65536), withStart.toFixed(0), (withStart - without).toFixed(0)]);
  }
  return rows;
}

async function main(argv: string[]): Promise<number> {
  const ids = argv.map((q) => oracleIndex().find((e) => e.id === q || e.id.includes(q))?.id ?? q);
  const rows: string[][] = [];
  for (const id of ids) rows.push(...(await sizes(id)));
  const head = ['model', 'module', 'bytes', 'code', 'data', 'graph constants', 'memory', 'instantiate µs', 'start µs'];
  for (const line of formatTable(head, rows)) process.stdout.write(line + '\n');
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
