/**
 * The WebAssembly benchmark: Ingot's wasm bundles against TFLite's own wasm
 * runtime (@tensorflow/tfjs-tflite: XNNPACK, SIMD, one thread) on the same
 * .tflite files, in the same Node process, measured in the same run.
 *
 * Latency is one inference (the peer's `infer()`; our input copy and
 * `run()`), the median of a contender's runs after WARMUP runs (so both run
 * optimised code, not the baseline compiler). Runs are taken in rounds: a
 * short block per contender, each measured in steady state (its weights in
 * cache, as for a stream of frames; a block's first run, which refills the
 * cache after the other contenders, is not counted). The ratio to the peer
 * is paired: per round, our SIMD block's median over the peer's block's
 * median, the two blocks back to back, and the median of those over the
 * rounds. On a shared machine the speed drifts by tens of percent within
 * seconds; a ratio of two blocks taken a millisecond apart cancels the
 * drift, where a ratio of two medians of runs taken at different moments
 * carries it. Size is the code section
 * of each of our modules beside the whole peer .wasm. Outputs are checked
 * against TFLite Micro's for the same input (ours must be exact).
 */
import { readFileSync } from 'node:fs';
import { emitWasmBundle, moduleFile, wasmSections } from '../../compiler/emit-wasm/index.js';
import { importModel } from '../../compiler/import/index.js';
import { OPS } from '../../compiler/ops/registry.js';
import { loadBundle, relaxedSimdSupported, type IngotModel } from '../../runtime-wasm/ingot-loader.js';
import { modelBytes, oracleCases, oracleEntry } from '../../test/helpers/oracle.js';
import { loadPeerModel, tfliteWasmFile, type PeerRunner } from './peers/tfjs-tflite.js';

/** The models both wasm benchmarks (Node, Chromium) run: display name and oracle id. */
export const MODELS = [
  ['person_detect', 'tflm-person-detection__person_detect'],
  ['kws_ref_model', 'mlperf-tiny-kws-dscnn__kws_ref_model'],
  ['vww_96_int8', 'mlperf-tiny-vww-mobilenet__vww_96_int8'],
] as const;
// Enough warm-up rounds that V8 has finished optimising both contenders' hot functions in the
// background (the peer's module is 3.6 MB): fewer left both slower and noisier on a two-core machine.
const WARMUP = 100;
const ROUNDS = 30;
const BLOCK = 10;
const LATENCY_GOAL = 0.5;
const SIZE_GOAL = 1 / 50;

interface Row {
  name: string;
  simdMs: number;
  plainMs: number;
  peerMs: number;
  /** Median over rounds of (SIMD block median / peer block median). */
  ratio: number;
  simdCode: number;
  plainCode: number;
  /** Code of the relaxed-SIMD module (0: the bundle has none). */
  relaxedCode: number;
  exact: boolean;
  peerMaxDiff: number;
  macs: number;
}

export const median = (xs: number[]): number => {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

function time(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

/**
 * Rounds of one block of runs per contender, in the given order; returns
 * each contender's median over all its runs (ms) and, per round, each
 * contender's block median, for paired ratios.
 */
function race(contenders: Array<() => void>): { medians: number[]; blocks: number[][] } {
  for (let i = 0; i < WARMUP; i++) contenders.forEach((run) => run());
  const samples = contenders.map(() => [] as number[]);
  const blocks = contenders.map(() => [] as number[]);
  for (let round = 0; round < ROUNDS; round++) {
    contenders.forEach((run, k) => {
      run();
      const block = Array.from({ length: BLOCK }, () => time(run));
      samples[k]!.push(...block);
      blocks[k]!.push(median(block));
    });
  }
  return { medians: samples.map(median), blocks };
}

/** The goal line of a latency table: met, or the models whose paired ratio is over the goal. */
export function latencyGoalLine(rows: ReadonlyArray<{ name: string; ratio: number }>): string {
  const slow = rows.filter((r) => r.ratio > LATENCY_GOAL).map((r) => r.name);
  return `latency goal: Ingot SIMD at most ${LATENCY_GOAL.toFixed(2)}x the peer — ${slow.length === 0 ? 'met' : `not met (${slow.join(', ')})`}`;
}

/** The median over rounds of a's block time over b's (blocks taken back to back). */
export const pairedRatio = (a: number[], b: number[]): number => median(a.map((x, i) => x / b[i]!));

async function benchModel(name: string, id: string): Promise<Row> {
  const entry = oracleEntry(id);
  const bytes = modelBytes(entry);
  const graph = importModel(bytes, name);
  const bundle = await emitWasmBundle(graph, { name });
  const macs = graph.ops.reduce((sum, op) => sum + OPS[op.kind].cost(op as never, graph).macs, 0);
  const files = Object.fromEntries(bundle.files.map((f) => [f.path, f.bytes]));
  const simd = await loadBundle({ files }, { simd: true });
  const plain = await loadBundle({ files }, { simd: false });
  const peer = await loadPeerModel(bytes);
  const c = oracleCases(id)[0]!;
  const input = c.inputs[0]!.data as Int8Array;
  // Our arena reuses the input's bytes for later tensors, so each of our runs copies the
  // input in first (counted in our time); the peer keeps its input tensor apart.
  const runOurs = (model: IngotModel) => (): void => {
    (model.input(0) as Int8Array).set(input);
    model.run();
  };
  (peer.getInputs()[0]!.data() as Int8Array).set(input);
  // Our SIMD module and the peer back to back in each round; the plain module (no ratio taken) after.
  const { medians: [simdMs, peerMs, plainMs], blocks } = race([runOurs(simd), () => peer.infer(), runOurs(plain)]);
  const ratio = pairedRatio(blocks[0]!, blocks[1]!);
  const code = (simdBuild: boolean, relaxed = false): number => {
    const bytes = files[moduleFile(name, simdBuild, relaxed)];
    return bytes ? wasmSections(bytes).code : 0;
  };
  return {
    name, macs, simdMs: simdMs!, plainMs: plainMs!, peerMs: peerMs!, ratio, simdCode: code(true), plainCode: code(false), relaxedCode: code(true, true),
    exact: sameOutput(simd, c.outputs[0]!.data as Int8Array) && sameOutput(plain, c.outputs[0]!.data as Int8Array),
    peerMaxDiff: maxDiff(peer, c.outputs[0]!.data as Int8Array),
  };
}

/** Equal length and equal elements. */
export function sameValues(got: ArrayLike<number>, expected: ArrayLike<number>): boolean {
  return got.length === expected.length && Array.from(expected).every((v, i) => got[i] === v);
}

/** The largest |got − expected| over the elements. */
export function maxAbsDiff(got: ArrayLike<number>, expected: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < expected.length; i++) d = Math.max(d, Math.abs(got[i]! - expected[i]!));
  return d;
}

const sameOutput = (model: IngotModel, expected: Int8Array): boolean => sameValues(model.output(0) as ArrayLike<number>, expected);
const maxDiff = (peer: PeerRunner, expected: Int8Array): number => maxAbsDiff(peer.getOutputs()[0]!.data() as ArrayLike<number>, expected);

export const pad = (s: string, n: number): string => s.padEnd(n);
export const lpad = (s: string, n: number): string => s.padStart(n);
export const ms = (x: number): string => `${x.toFixed(3)} ms`;

/** Runs the benchmark and returns the printed report. */
export async function benchWasm(): Promise<string> {
  const rows: Row[] = [];
  for (const [name, id] of MODELS) rows.push(await benchModel(name, id));
  const peerBytes = readFileSync(tfliteWasmFile()).length;
  const rate = (macs: number, ms: number): string => (macs / (ms * 1e6)).toFixed(1);
  const lines = [
    `WebAssembly in Node ${process.versions.node}, one thread: Ingot vs TFLite's wasm runtime (tfjs-tflite 0.0.1-alpha.10, XNNPACK, SIMD)`,
    `latency = one inference, median of ${ROUNDS * BLOCK} runs after ${WARMUP} warm-up runs, in ${ROUNDS} rounds of a block of ${BLOCK} per contender;`,
    `SIMD/peer = median over the rounds of Ingot SIMD's block median / the peer's, the two blocks back to back;`,
    `Ingot SIMD = the module the loader picks with SIMD on: ${relaxedSimdSupported() ? 'relaxed SIMD where the bundle has it' : 'SIMD128 (this Node has no relaxed SIMD)'}`,
    '',
    `${pad('model', 15)}${lpad('Ingot SIMD', 12)}${lpad('Ingot plain', 13)}${lpad('tfjs-tflite', 13)}${lpad('SIMD/peer', 11)}  outputs vs TFLite Micro`,
    ...rows.map((r) => `${pad(r.name, 15)}${lpad(ms(r.simdMs), 12)}${lpad(ms(r.plainMs), 13)}${lpad(ms(r.peerMs), 13)}${lpad(`${r.ratio.toFixed(2)}x`, 11)}  Ingot ${r.exact ? 'exact' : 'DIFFERENT'}, peer max |diff| ${r.peerMaxDiff} LSB`),
    latencyGoalLine(rows),
    '',
    'multiply-accumulates per ns (whole model), and the rate the latency goal needs',
    `${pad('model', 15)}${lpad('MACs', 12)}${lpad('Ingot SIMD', 12)}${lpad('tfjs-tflite', 13)}${lpad('goal needs', 12)}`,
    ...rows.map((r) => `${pad(r.name, 15)}${lpad(r.macs.toLocaleString('en-US'), 12)}${lpad(rate(r.macs, r.simdMs), 12)}${lpad(rate(r.macs, r.peerMs), 13)}${lpad(rate(r.macs, LATENCY_GOAL * r.peerMs), 12)}`),
    '',
    `code size (wasm code section) vs the peer's whole module (tflite_web_api_cc_simd.wasm, ${peerBytes} bytes)`,
    `${pad('model', 15)}${lpad('SIMD code', 12)}${lpad('relaxed code', 14)}${lpad('plain code', 13)}${lpad('SIMD/peer', 11)}`,
    ...rows.map((r) => `${pad(r.name, 15)}${lpad(`${r.simdCode} B`, 12)}${lpad(r.relaxedCode > 0 ? `${r.relaxedCode} B` : '-', 14)}${lpad(`${r.plainCode} B`, 13)}${lpad(`1/${Math.round(peerBytes / r.simdCode)}`, 11)}`),
    `size goal: code at most 1/${Math.round(1 / SIZE_GOAL)} of the peer — ${rows.every((r) => Math.max(r.simdCode, r.relaxedCode, r.plainCode) <= SIZE_GOAL * peerBytes) ? 'met' : 'not met'}`,
  ];
  return lines.join('\n');
}
