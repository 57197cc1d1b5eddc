/**
 * onnx-mnist-8 in WebAssembly: Ingot's wasm bundle (SIMD128 and plain)
 * against ONNX Runtime Web's wasm execution provider (one thread), in the
 * same Node process and the same run.
 *
 * ONNX Runtime Web only runs asynchronously, so every contender is timed
 * the same way: a block of awaited runs, the per-run mean of the block, the
 * median over blocks, blocks rotating between contenders. The awaits cost
 * ours a few microseconds too, which keeps the comparison fair to the peer.
 * The ratio is paired as in the TFLite benchmark: our SIMD block and the
 * peer's run back to back, and the ratio is the median over rounds of the
 * two blocks' quotient, so the machine's drift between rounds cancels.
 * Predictions are checked to agree over the digits used.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import * as ort from 'onnxruntime-web';
import { emitWasmBundle, moduleFile, wasmSections } from '../../compiler/emit-wasm/index.js';
import { importModel } from '../../compiler/import/index.js';
import { runPipeline } from '../../compiler/passes/pipeline.js';
import { loadBundle, type IngotModel } from '../../runtime-wasm/ingot-loader.js';
import { argmax, mnistDigits } from '../../test/helpers/mnist.js';
import { sharedDir } from '../../test/helpers/paths.js';
import { median, pairedRatio } from './wasm.js';

const DIGITS = 50;
const WARMUP_BLOCKS = 2;
const BLOCKS = 12;

/** One contender: runs digit k, returns its prediction. */
type Contender = (k: number) => Promise<number>;

/** Each contender's per-run block means, one per measured block, blocks rotating in the given order. */
async function race(contenders: Contender[]): Promise<number[][]> {
  const blocks = contenders.map(() => [] as number[]);
  for (let b = 0; b < WARMUP_BLOCKS + BLOCKS; b++) {
    for (const [c, run] of contenders.entries()) {
      const t0 = performance.now();
      for (let k = 0; k < DIGITS; k++) await run(k);
      if (b >= WARMUP_BLOCKS) blocks[c]!.push((performance.now() - t0) / DIGITS);
    }
  }
  return blocks;
}

/** ONNX Runtime Web's wasm files, read from the package (nothing fetched). */
function ortWasmBinary(): Uint8Array {
  const dist = join(createRequire(import.meta.url).resolve('onnxruntime-web'), '..');
  return new Uint8Array(readFileSync(join(dist, 'ort-wasm-simd-threaded.wasm')));
}

export async function benchWasmOnnx(): Promise<string> {
  const path = join(sharedDir, 'models', 'onnx-mnist-8', 'model.onnx');
  const bytes = new Uint8Array(readFileSync(path));
  const name = 'mnist';
  const bundle = await emitWasmBundle(runPipeline(importModel(bytes, name)), { name });
  const files = Object.fromEntries(bundle.files.map((f) => [f.path, f.bytes]));
  const [simd, plain] = await Promise.all([loadBundle({ files }, { simd: true }), loadBundle({ files }, { simd: false })]);

  ort.env.wasm.numThreads = 1;
  const peerBinary = ortWasmBinary();
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
  const digits = mnistDigits().filter((_, i) => i % 200 === 0).slice(0, DIGITS);
  const peerInputs = digits.map((d) => new ort.Tensor('float32', d.pixels, [1, 1, 28, 28]));

  const ours = (model: IngotModel): Contender => async (k) => {
    (model.input(0) as Float32Array).set(digits[k]!.pixels);
    model.run();
    return argmax(model.output(0) as Float32Array);
  };
  const peer: Contender = async (k) => {
    const out = await session.run({ [session.inputNames[0]!]: peerInputs[k]! });
    return argmax(out[session.outputNames[0]!]!.data as Float32Array);
  };
  let agree = 0;
  for (let k = 0; k < digits.length; k++) if ((await ours(simd)(k)) === (await peer(k)) && (await ours(plain)(k)) === (await peer(k))) agree++;
  // Our SIMD module and the peer back to back in each round; the plain module (no ratio taken) after.
  const [simdBlocks, peerBlocks, plainBlocks] = await race([ours(simd), peer, ours(plain)]);
  const [simdMs, peerMs, plainMs] = [simdBlocks!, peerBlocks!, plainBlocks!].map(median);
  const ratio = pairedRatio(simdBlocks!, peerBlocks!);
  await session.release();

  const code = (simdBuild: boolean): number => wasmSections(files[moduleFile(name, simdBuild)]!).code;
  const us = (x: number): string => `${(x * 1000).toFixed(1)} µs`;
  return [
    `onnx-mnist-8 (float32) in Node, one thread: Ingot wasm vs ONNX Runtime Web ${ort.env.versions.web ?? ''} (wasm execution provider, SIMD)`,
    `latency = mean of ${DIGITS} awaited runs per block, median of ${BLOCKS} blocks after ${WARMUP_BLOCKS} warm-up blocks, rotating between contenders;`,
    `SIMD/peer = median over the rounds of Ingot SIMD's block / the peer's, the two blocks back to back`,
    `Ingot SIMD ${us(simdMs!)}, Ingot plain ${us(plainMs!)}, ONNX Runtime Web ${us(peerMs!)}: SIMD/peer ${ratio.toFixed(2)}x`,
    `code: Ingot SIMD module ${code(true)} B, plain ${code(false)} B; ONNX Runtime Web's wasm binary ${peerBinary.length} B (1/${Math.round(peerBinary.length / code(true))})`,
    `predictions agree with ONNX Runtime Web on ${agree} of ${digits.length} digits (both Ingot modules)`,
  ].join('\n');
}
