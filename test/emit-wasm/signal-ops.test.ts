/**
 * The nine signal kernels in wasm (the SIMD and the plain module) against
 * the reference executor on single-op graphs (test/helpers/signal-cases.ts:
 * fixed edge forms and seeded random ones), every output of every frame,
 * bit for bit. Each stream runs on one fresh instance, frame after frame,
 * so the spectral subtraction's noise estimate carries from run to run as
 * it does in a model.
 *
 * The filter bank's energies, PCAN's input and the spectral subtraction's
 * noise estimate are uint32 held in int32 memory, widened to 64 bits. The
 * cases include such values with the top bit set, because binaryen's
 * optimizer folds i64.extend_i32_u(i32.load …) into a sign-extending
 * i64.load32_s: a kernel written that way gets those values wrong, and
 * these tests fail. Each of the three kinds also checks that its cases
 * still hold such values.
 */
import test from 'ava';
import { emitWasmBundle, openWasmBundle } from '../../compiler/emit-wasm/index.js';
import { bitDifference, referenceOutputs, SIGNAL_KINDS, signalCases, topBitUint32Reads, WIDENING_KINDS } from '../helpers/signal-cases.js';

const cases = signalCases(20);
for (const kind of SIGNAL_KINDS) {
  const ofKind = cases.filter((c) => c.kind === kind);
  test(`${kind}: ${ofKind.length} single-op graphs, every frame equals the reference in the SIMD and the plain module`, async (t) => {
    const problems: string[] = [];
    let topBitReads = 0;
    for (const c of ofKind) {
      const expected = referenceOutputs(c);
      topBitReads += topBitUint32Reads(c, expected);
      const bundle = await emitWasmBundle(c.graph, { name: c.name });
      for (const simd of [true, false]) {
        const label = `${c.name} (${simd ? 'SIMD' : 'plain'})`;
        for (const [s, frames] of c.streams.entries()) {
          // A fresh instance starts with its state zeroed, as the reference after reset.
          const model = await openWasmBundle(bundle, { simd });
          if (model.simd !== simd) problems.push(`${label}: the bundle has no ${simd ? 'SIMD' : 'plain'} module`);
          frames.forEach((inputs, f) => {
            const got = model.run(inputs);
            const want = expected[s]![f]!;
            if (got.length !== want.length) problems.push(`${label} stream ${s} frame ${f}: ${got.length} outputs, expected ${want.length}`);
            want.forEach((w, o) => {
              const diff = got[o] === undefined ? 'missing' : bitDifference(got[o]!, w);
              if (diff !== undefined) problems.push(`${label} stream ${s} frame ${f} output ${o}: ${diff}`);
            });
          });
        }
      }
    }
    t.deepEqual(problems, []);
    if (WIDENING_KINDS.has(kind)) t.true(topBitReads > 0, 'the cases must feed the kernel uint32 values ≥ 2^31 where it widens them to 64 bits');
  });
}
