/**
 * The WebAssembly benchmark in a browser: the same three models, Ingot's
 * bundles (each with its own loader) against TFLite's wasm runtime
 * (@tensorflow/tfjs-tflite's own browser build, XNNPACK, one thread), both in
 * one page of Debian's headless Chromium driven by playwright-core — the
 * engine web pages run, newer than Node's.
 *
 * A page that is not cross-origin isolated gets a coarse clock (about
 * 0.1 ms), and isolating it would switch the peer to its threaded build, so
 * each sample is the mean of a block of runs (tens of milliseconds), and a
 * contender's latency is the median of its blocks; blocks rotate between the
 * contenders after a warm-up, ours and the peer's back to back, and the
 * ratio is paired as in wasm.ts (the median over rounds of the two blocks'
 * ratio). Outputs come back to Node and are checked against TFLite Micro's.
 * "Ingot SIMD" is the module the loader picks with SIMD on: the
 * relaxed-SIMD one where the browser has relaxed SIMD and the bundle the
 * module (the report says which ran).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { emitWasmBundle } from '../../compiler/emit-wasm/index.js';
import { importModel } from '../../compiler/import/index.js';
import { CHROMIUM, runPage } from '../../test/browser/page.js';
import { modelBytes, oracleCases, oracleEntry } from '../../test/helpers/oracle.js';
import { fixRank1QuantizedDimension } from './peers/tflite-patch.js';
import { tfliteWasmDir } from './peers/tfjs-tflite.js';
import { latencyGoalLine, lpad, maxAbsDiff, median, MODELS, ms, pad, sameValues } from './wasm.js';

const WARMUP = 100;
const BLOCKS = 30;
const RUNS_PER_BLOCK = 40;

const require = createRequire(import.meta.url);
const packageFile = (pkg: string, file: string): Uint8Array => new Uint8Array(readFileSync(join(dirname(require.resolve(`${pkg}/package.json`)), file)));

/** What the page reports per model: median block means in ms, and each contender's output bytes. */
interface PageResult {
  name: string;
  simdMs: number;
  plainMs: number;
  peerMs: number;
  /** Per round, Ingot SIMD's block mean over the peer's. */
  roundRatios: number[];
  /** The SIMD contender ran the bundle's relaxed-SIMD module. */
  relaxed: boolean;
  simdOut: number[];
  plainOut: number[];
  peerOut: number[];
  userAgent: string;
}

const PAGE = `<!doctype html>
<meta charset="utf-8">
<script src="tf-core.js"></script>
<script src="tf-backend-cpu.js"></script>
<script src="tf-tflite.js"></script>
<script type="module">
const WARMUP = ${WARMUP}, BLOCKS = ${BLOCKS}, PER = ${RUNS_PER_BLOCK};
const median = (xs) => xs.slice().sort((a, b) => a - b)[xs.length >> 1];
async function bench(name) {
  const { loadBundle } = await import('./' + name + '/ingot-loader.js');
  const base = new URL('./' + name + '/', location.href);
  const simd = await loadBundle(base, { simd: true });
  const plain = await loadBundle(base, { simd: false });
  const input = new Int8Array(await (await fetch('./' + name + '/input.bin')).arrayBuffer());
  const peer = (await tflite.loadTFLiteModel('./' + name + '/model.tflite', { numThreads: 1 })).modelRunner;
  peer.getInputs()[0].data().set(input);
  // Our arena reuses the input's bytes, so each of our runs copies the input in (counted in our time).
  const ours = (model) => () => { model.input(0).set(input); model.run(); };
  const runs = [ours(simd), () => peer.infer(), ours(plain)];
  for (let i = 0; i < WARMUP; i++) runs.forEach((run) => run());
  const blocks = runs.map(() => []);
  for (let b = 0; b < BLOCKS; b++) {
    runs.forEach((run, k) => {
      run();
      const t0 = performance.now();
      for (let i = 0; i < PER; i++) run();
      blocks[k].push((performance.now() - t0) / PER);
    });
  }
  const [simdMs, peerMs, plainMs] = blocks.map(median);
  const roundRatios = blocks[0].map((x, i) => x / blocks[1][i]);
  return { name, simdMs, plainMs, peerMs, roundRatios, relaxed: simd.relaxed, simdOut: Array.from(simd.output(0)), plainOut: Array.from(plain.output(0)),
    peerOut: Array.from(peer.getOutputs()[0].data()), userAgent: navigator.userAgent };
}
try {
  tflite.setWasmPath('./tflite-wasm/');
  const results = [];
  for (const name of ${JSON.stringify(MODELS.map(([name]) => name))}) results.push(await bench(name));
  window.benchResult = { results };
} catch (e) {
  window.benchResult = { error: String((e && e.stack) || e) };
}
</script>`;

/** Every file the page needs: the peer's scripts and wasm builds, and per model our bundle, the .tflite and the input. */
async function pageFiles(): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>([
    ['index.html', new TextEncoder().encode(PAGE)],
    ['tf-core.js', packageFile('@tensorflow/tfjs-core', 'dist/tf-core.es2017.min.js')],
    ['tf-backend-cpu.js', packageFile('@tensorflow/tfjs-backend-cpu', 'dist/tf-backend-cpu.es2017.min.js')],
    ['tf-tflite.js', packageFile('@tensorflow/tfjs-tflite', 'dist/tf-tflite.es2017.min.js')],
  ]);
  for (const f of readdirSync(tfliteWasmDir())) files.set(`tflite-wasm/${f}`, new Uint8Array(readFileSync(join(tfliteWasmDir(), f))));
  for (const [name, id] of MODELS) {
    const bytes = modelBytes(oracleEntry(id));
    const bundle = await emitWasmBundle(importModel(bytes, name), { name });
    for (const f of bundle.files) files.set(`${name}/${f.path}`, f.bytes);
    // Full TFLite rejects what TFLite Micro ignores in some files (tflite-patch.ts).
    files.set(`${name}/model.tflite`, fixRank1QuantizedDimension(bytes).bytes);
    const input = oracleCases(id)[0]!.inputs[0]!.data as Int8Array;
    files.set(`${name}/input.bin`, new Uint8Array(input.buffer, input.byteOffset, input.byteLength));
  }
  return files;
}

async function measure(): Promise<PageResult[]> {
  const r = await runPage<{ results?: PageResult[]; error?: string }>(await pageFiles(), 'benchResult', 600_000);
  if (r.error !== undefined || r.results === undefined) throw new Error(`the benchmark page failed: ${r.error ?? 'no results'}`);
  return r.results;
}


/** Runs the browser benchmark and returns the printed report (or why it could not run). */
export async function benchWasmBrowser(): Promise<string> {
  if (!existsSync(CHROMIUM)) return `WebAssembly in Chromium: skipped, ${CHROMIUM} is missing (scripts/install-toolchains.sh installs Debian's chromium)`;
  const results = await measure();
  const expected = new Map<string, number[]>(MODELS.map(([name, id]) => [name, Array.from(oracleCases(id)[0]!.outputs[0]!.data as Int8Array)]));
  const version = /Chrome\/([\d.]+)/.exec(results[0]?.userAgent ?? '')?.[1] ?? 'unknown';
  const rows = results.map((r) => ({ ...r, ratio: median(r.roundRatios) }));
  return [
    `WebAssembly in headless Chromium ${version}, one thread, one page: Ingot vs TFLite's wasm runtime (tfjs-tflite browser build, XNNPACK, SIMD)`,
    `latency = mean of ${RUNS_PER_BLOCK} runs per block (the page's clock is coarse), median of ${BLOCKS} blocks after ${WARMUP} warm-up runs, blocks rotating between contenders;`,
    `SIMD/peer = median over the ${BLOCKS} rounds of Ingot SIMD's block over the peer's, the two blocks back to back;`,
    `Ingot SIMD = the module the loader picks with SIMD on: ${rows.filter((r) => r.relaxed).map((r) => r.name).join(', ') || 'none'} ran relaxed SIMD (fused multiply-add)`,
    '',
    `${pad('model', 15)}${lpad('Ingot SIMD', 12)}${lpad('Ingot plain', 13)}${lpad('tfjs-tflite', 13)}${lpad('SIMD/peer', 11)}  outputs vs TFLite Micro`,
    ...rows.map((r) => {
      const want = expected.get(r.name)!;
      const exact = sameValues(r.simdOut, want) && sameValues(r.plainOut, want);
      return `${pad(r.name, 15)}${lpad(ms(r.simdMs), 12)}${lpad(ms(r.plainMs), 13)}${lpad(ms(r.peerMs), 13)}${lpad(`${r.ratio.toFixed(2)}x`, 11)}  Ingot ${exact ? 'exact' : 'DIFFERENT'}, peer max |diff| ${maxAbsDiff(r.peerOut, want)} LSB`;
    }),
    latencyGoalLine(rows),
  ].join('\n');
}
