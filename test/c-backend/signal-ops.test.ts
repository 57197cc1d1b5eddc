/**
 * The nine signal kernels in C against the reference executor on
 * single-op graphs (test/helpers/signal-cases.ts: fixed edge forms and
 * seeded random ones), every output of every frame, byte for byte. All the
 * bundles are linked into one test driver program (test/helpers/c-driver.ts)
 * built with gcc, AddressSanitizer and UndefinedBehaviorSanitizer, aborting
 * on the first report, and -std=c99 -Wall -Wextra -Werror -pedantic: an
 * out-of-bounds tap, a signed overflow or an oversized shift in a kernel
 * fails the run, not just a wrong value. Each stream runs through the
 * driver's `stream N` (one reset, then its frames in order), so the
 * spectral subtraction's noise estimate carries between frames.
 */
import test from 'ava';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile, type CompileResult } from '../../compiler/compile.js';
import { stackFrames } from '../../compiler/exec/stream.js';
import type { TensorData } from '../../compiler/ir/index.js';
import { parseNpy, serializeNpy } from '../../compiler/io/npy.js';
import { GCC_SANITIZE } from '../helpers/c-bundles.js';
import { buildDriver, runDriver, type Driver } from '../helpers/c-driver.js';
import { scratchDir } from '../helpers/scratch.js';
import { bitDifference, referenceOutputs, SIGNAL_KINDS, signalCases, topBitUint32Reads, WIDENING_KINDS, type SignalCase } from '../helpers/signal-cases.js';

interface Prepared {
  c: SignalCase;
  result: CompileResult;
  stem: string;
  expected: TensorData[][][];
  /** Per stream: input and output .npy paths. */
  files: Array<{ inputs: string[]; outputs: string[] }>;
}

const dir = scratchDir('ingot-signal-');
const prepared: Prepared[] = signalCases(3).map((c) => {
  const result = compile(c.graph, { name: c.name });
  const stem = result.bundle.name;
  const files = c.streams.map((frames, s) => ({
    inputs: c.graph.inputs.map((id, i) => {
      const t = c.graph.tensors[id]!;
      const path = join(dir, `${stem}.${s}.in${i}.npy`);
      writeFileSync(path, serializeNpy({ dtype: t.dtype, shape: frames.length > 1 ? [frames.length, ...t.shape] : t.shape, data: stackFrames(t.dtype, t.shape, frames.map((f) => f[i]!.data)).data }));
      return path;
    }),
    outputs: c.graph.outputs.map((_, o) => join(dir, `${stem}.${s}.out${o}.npy`)),
  }));
  return { c, result, stem, expected: referenceOutputs(c), files };
});

/** One sanitizer build for every graph (cached by content between runs). */
let driver: Promise<Driver> | undefined;
const sanitizedDriver = (): Promise<Driver> => (driver ??= buildDriver(prepared.map((p) => p.result), GCC_SANITIZE));

for (const kind of SIGNAL_KINDS) {
  const ofKind = prepared.filter((p) => p.c.kind === kind);
  test(`${GCC_SANITIZE.id}: ${kind}, ${ofKind.length} single-op graphs, every frame equals the reference`, async (t) => {
    const d = await sanitizedDriver();
    const problems: string[] = [];
    let topBitReads = 0;
    for (const p of ofKind) {
      topBitReads += topBitUint32Reads(p.c, p.expected);
      await runDriver(d, p.stem, p.c.streams.map((frames, s) => ({ inputs: p.files[s]!.inputs, outputs: p.files[s]!.outputs, frames: frames.length })));
      p.expected.forEach((frames, s) => {
        p.files[s]!.outputs.forEach((path, o) => {
          const got = parseNpy(new Uint8Array(readFileSync(path)), path).data;
          let at = 0;
          frames.forEach((outs, f) => {
            const want = outs[o]!;
            const diff = bitDifference(got.subarray(at, at + want.length), want);
            if (diff !== undefined) problems.push(`${p.c.name} stream ${s} frame ${f} output ${o}: ${diff}`);
            at += want.length;
          });
          if (at !== got.length) problems.push(`${p.c.name} stream ${s} output ${o}: ${got.length} values, expected ${at}`);
        });
      });
    }
    t.deepEqual(problems, []);
    if (WIDENING_KINDS.has(kind)) t.true(topBitReads > 0, 'the cases must feed the kernel uint32 values ≥ 2^31 where it widens them to 64 bits');
  });
}
