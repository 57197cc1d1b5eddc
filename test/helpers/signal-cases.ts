/**
 * Single-op graphs of the nine signal op kinds (compiler/ops/signal) and
 * their inputs, shared by the wasm and C kernel tests so both backends face
 * the same cases: fixed forms that pin the edges — every FFT length from 8
 * to 512 (those whose half is not a power of 4 end in a radix-2 stage),
 * frames shorter than the FFT and several frames per input, window shifts
 * up to 31 and −32768 samples, all-zero and all −32768 frames for the
 * auto-scale, PCAN tables with negative entries and snr_shift up to 63, the
 * log's output_scale 0xFFFFFFFF, 31 correction bits and rounding ties —
 * and seeded random forms. uint32 values live in int32 tensors; the filter
 * bank's energies, PCAN's input and the spectral subtraction's noise
 * estimate include ones with the top bit set (≥ 2^31), which a kernel that
 * widened them with a sign extension would get wrong.
 *
 * Each case holds streams: a stream starts from reset and runs its frames
 * in order, so the spectral subtraction's noise estimate (its state)
 * carries from frame to frame.
 */
import { ReferenceExecutor, type RunInput } from '../../compiler/exec/reference.js';
import type { DType, Graph, OpAttrs, Tensor, TensorData } from '../../compiler/ir/index.js';
import { OPS } from '../../compiler/ops/registry.js';
import { Random } from './op-graphs.js';

export const SIGNAL_KINDS = [
  'signal_window', 'signal_fft_auto_scale', 'signal_rfft', 'signal_energy', 'signal_filter_bank', 'signal_filter_bank_sqrt',
  'signal_spectral_subtraction', 'signal_pcan', 'signal_filter_bank_log',
] as const;
export type SignalKind = (typeof SIGNAL_KINDS)[number];

/** The kinds that widen uint32 values to 64 bits, whose cases must hold values ≥ 2^31. */
export const WIDENING_KINDS: ReadonlySet<SignalKind> = new Set(['signal_filter_bank', 'signal_pcan', 'signal_spectral_subtraction']);

/** One run's inputs. */
export type Frame = RunInput[];

export interface SignalCase {
  /** Unique among the cases and a C identifier (it names the bundle too). */
  name: string;
  kind: SignalKind;
  graph: Graph;
  /** Each stream starts from reset; its frames run in order. */
  streams: Frame[][];
}

interface Operand {
  dtype: DType;
  shape: number[];
  /** Constant data; absent for graph inputs. */
  data?: TensorData;
}

/** A graph of one op: operands without data are the graph's inputs, every output is a graph output (shapes from the op's inference). */
export function signalGraph<K extends SignalKind>(name: string, kind: K, attrs: OpAttrs[K], operands: Operand[], outputs: Array<{ dtype: DType; persistent?: boolean }>): Graph {
  const tensors: Tensor[] = operands.map((o, i) => ({ name: `in${i}`, dtype: o.dtype, shape: o.shape, ...(o.data ? { data: o.data } : {}) }));
  const outIds = outputs.map((o, k) => tensors.push({ name: `out${k}`, dtype: o.dtype, shape: [], ...(o.persistent ? { persistent: true } : {}) }) - 1);
  const op = { kind, name: kind, inputs: operands.map((_, i) => i), outputs: outIds, attrs } as unknown as Graph['ops'][number];
  const g: Graph = { name, source: 'test', tensors, ops: [op], inputs: operands.flatMap((o, i) => (o.data ? [] : [i])), outputs: outIds };
  OPS[kind].inferShapes(op as never, g).forEach((shape, k) => { tensors[outIds[k]!]!.shape = shape; });
  return g;
}

/** A case of `streams` streams of `frames` frames each; `frame(s)` gives one frame's input data for stream s. */
function signalCase(name: string, graph: Graph, streams: number, frames: number, frame: (stream: number) => TensorData[]): SignalCase {
  const ins = graph.inputs.map((i) => graph.tensors[i]!);
  return {
    name, kind: graph.ops[0]!.kind as SignalKind, graph,
    streams: Array.from({ length: streams }, (_, s) => Array.from({ length: frames }, () => frame(s).map((data, i) => ({ dtype: ins[i]!.dtype, shape: ins[i]!.shape, data })))),
  };
}

const EDGE16 = [0, 1, -1, 32767, -32768, -32767, 16384, -16384];
/** As int32 bits: 0x7FFFFFFF, 0xFFFFFFFF, 0x80000000 and small powers of two around. */
const EDGE32 = [0, 1, 2, 3, 4, 0x7fffffff, -1, -2147483648, 65535, 65536, 1023, 1024, 2047, 2048, 8191, 8192];

/** Value generators over one seeded generator. */
class Values {
  constructor(readonly r: Random) {}
  int(lo: number, hi: number): number {
    return this.r.int(lo, hi);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.r.int(0, xs.length - 1)]!;
  }
  i16(): number {
    return this.r.int(-32768, 32767);
  }
  /** An int16 of magnitude below 2^bits (clamped to the range). */
  i16Bits(bits: number): number {
    const m = 2 ** bits;
    return Math.max(-32768, Math.min(32767, this.r.int(-m, m - 1)));
  }
  /** A uint32 of random bit length 0…32, as int32 bits. */
  u32Bits(): number {
    const b = this.r.int(0, 32);
    return this.r.int(0, 2 ** b - 1) | 0;
  }
  u32(): number {
    return this.r.int(0, 0xffffffff) | 0;
  }
  /** A uint32 with the top bit set (≥ 2^31), as int32 bits: negative. */
  u32Top(): number {
    return this.r.int(0x80000000, 0xffffffff) | 0;
  }
  /** A uint64 of random bit length 0…64, as int64 bits. */
  u64Bits(): bigint {
    const b = BigInt(this.r.int(0, 64));
    const v = (BigInt(this.r.int(0, 0xffffffff)) << 32n) | BigInt(this.r.int(0, 0xffffffff));
    return BigInt.asIntN(64, b === 64n ? v : v & ((1n << b) - 1n));
  }
  fill16(n: number, gen: () => number): Int16Array {
    return Int16Array.from({ length: n }, gen);
  }
  fill32(n: number, gen: () => number): Int32Array {
    return Int32Array.from({ length: n }, gen);
  }
}

/** Filter bank channel tables: per channel (numChannels + 1) a width, first energy bin and first weight that fit. */
function channelTables(v: Values, bins: number, taps: number, channels: number, maxWidth: number): [Int16Array, Int16Array, Int16Array] {
  const widths = v.fill16(channels + 1, () => v.int(0, Math.min(bins, taps, maxWidth)));
  return [Int16Array.from(widths, (w) => v.int(0, bins - w)), Int16Array.from(widths, (w) => v.int(0, taps - w)), widths];
}

/** The fixed cases: the edges every backend must get right. */
function fixedCases(): SignalCase[] {
  const v = new Values(new Random(0x51a7e));
  const cases: SignalCase[] = [];

  for (const [frames, len, shift] of [[1, 480, 12], [3, 64, 0], [2, 33, 31], [1, 16, 15], [4, 7, 31]] as const) {
    // The window itself holds the extremes too.
    const w = v.fill16(len, () => v.i16());
    w.set([-32768, 32767, -1, 0].slice(0, len));
    const g = signalGraph(`window_${len}_${shift}`, 'signal_window', { shift }, [{ dtype: 'i16', shape: [frames, len] }, { dtype: 'i16', shape: [len], data: w }], [{ dtype: 'i16' }]);
    cases.push(signalCase(g.name, g, 6, 1, (s) => [v.fill16(frames * len, () => (s === 0 ? v.pick(EDGE16) : s === 1 ? -32768 : s === 2 ? 32767 : v.i16Bits(v.int(0, 15))))]));
  }

  for (const n of [480, 7, 1]) {
    const g = signalGraph(`autoscale_${n}`, 'signal_fft_auto_scale', {}, [{ dtype: 'i16', shape: [n] }], [{ dtype: 'i16' }, { dtype: 'i32' }]);
    cases.push(signalCase(g.name, g, 10, 1, (s) => {
      const x = v.fill16(n, () => (s === 0 ? 0 : v.i16Bits([0, 15, 1, 5, 10, 14, 15, 3, 0, 7][s]!)));
      if (s === 1) x.fill(-32768);
      if (s >= 6) x[v.int(0, n - 1)] = -32768; // −32768 stays the running maximum: shift 0
      if (s === 7) { x.fill(1); x[0] = -32768; }
      if (s === 8) x.fill(-1);
      return [x];
    }));
  }

  // fft_length 16, 64, 256: the half is not a power of 4, so the complex FFT ends in a radix-2 stage.
  for (const [frames, len, fftLength] of [[1, 480, 512], [1, 200, 256], [2, 256, 256], [2, 64, 64], [1, 128, 128], [3, 100, 128], [2, 32, 32], [3, 20, 32], [3, 10, 16], [2, 16, 16], [1, 4, 8], [2, 8, 8], [3, 1, 64]] as const) {
    const g = signalGraph(`rfft_${frames}x${len}_${fftLength}`, 'signal_rfft', { fftLength }, [{ dtype: 'i16', shape: [frames, len] }], [{ dtype: 'i16' }]);
    cases.push(signalCase(g.name, g, 8, 1, (s) => [v.fill16(frames * len, () => (s === 0 ? 0 : s === 1 ? -32768 : s === 2 ? 32767 : s === 3 ? v.pick(EDGE16) : v.i16Bits(v.int(0, 15))))]));
  }

  for (const [bins, start, end] of [[257, 5, 241], [9, 0, 9], [16, 3, 3], [33, 0, 20]] as const) {
    const g = signalGraph(`energy_${bins}_${start}_${end}`, 'signal_energy', { startIndex: start, endIndex: end }, [{ dtype: 'i16', shape: [2 * bins] }], [{ dtype: 'i32' }]);
    cases.push(signalCase(g.name, g, 6, 1, (s) => [v.fill16(2 * bins, () => (s === 0 ? -32768 : s === 1 ? v.pick(EDGE16) : v.i16()))]));
  }

  for (const [bins, channels, taps] of [[257, 40, 316], [20, 5, 30], [8, 1, 8]] as const) {
    const tables = channelTables(v, bins, taps, channels, 12);
    const weights = (): Int16Array => v.fill16(taps, () => (v.int(0, 1) ? v.int(1, 4096) : v.i16()));
    const g = signalGraph(`filterbank_${bins}_${channels}`, 'signal_filter_bank', { numChannels: channels },
      [{ dtype: 'i32', shape: [bins] }, ...[weights(), weights(), ...tables].map((data) => ({ dtype: 'i16' as const, shape: [data.length], data }))], [{ dtype: 'i64' }]);
    // Energies ≥ 2^31 in every stream but the edge one: all 0xFFFFFFFF, a mix, all top-bit, and any.
    cases.push(signalCase(g.name, g, 6, 1, (s) => [v.fill32(bins, () => (s === 0 ? -1 : s === 1 ? v.pick(EDGE32) : s === 2 ? v.u32() : s === 3 ? v.u32Top() : v.int(0, 1) ? v.u32Bits() : v.u32Top()))]));
  }

  const SQRT_EDGES = [0n, 1n, 2n, 3n, (1n << 32n) - 1n, 1n << 32n, (1n << 64n) - 1n, 1n << 63n, (1n << 63n) - 1n, 0xfffe0001n, 0xffff0000n, 0xfffe0002n,
    0xffffffffn * 0xffffffffn, 0xffffffff00000000n].map((x) => BigInt.asIntN(64, x));
  for (const n of [40, 3]) {
    const g = signalGraph(`sqrt_${n}`, 'signal_filter_bank_sqrt', {}, [{ dtype: 'i64', shape: [n] }, { dtype: 'i32', shape: [] }], [{ dtype: 'i32' }]);
    cases.push(signalCase(g.name, g, 8, 1, (s) => [
      BigInt64Array.from({ length: n }, (_, i) => (s === 0 ? SQRT_EDGES[i % SQRT_EDGES.length]! : v.u64Bits())),
      Int32Array.of(s === 0 ? 0 : s === 1 ? 15 : s === 2 ? 33 : v.int(0, 40)),
    ]));
  }

  // [channels, clamping, smoothing bits, spectral subtraction bits, weights (s, 1 − s, alternates, min signal remaining)]
  type Smoothing = [number, number, number, number, number];
  const specsub: Array<[number, boolean, number, number, Smoothing]> = [
    [40, false, 10, 14, [409, 15975, 983, 15401, 819]], // the micro speech front end's
    [7, true, 0, 0, [v.u32Bits(), v.u32Bits(), v.u32(), v.u32Bits(), v.u32Bits()]],
    [12, true, 31, 31, [v.u32Bits(), v.u32Bits(), v.u32(), v.u32Bits(), v.u32Bits()]],
    [5, false, 3, 20, [v.u32Bits(), v.u32Bits(), v.u32(), v.u32Bits(), v.u32Bits()]],
    // The estimate halves towards a top-bit input each frame, so it passes 2^31 and the next frames read it back.
    [6, false, 0, 14, [8193, 8191, 12000, 4384, 100]],
    [9, true, 0, 14, [8193, 8191, 12000, 4384, 100]],
  ];
  for (const [channels, clamping, smoothingBits, spectralSubtractionBits, [smoothing, oneMinusSmoothing, alternateSmoothing, alternateOneMinusSmoothing, minSignalRemaining]] of specsub) {
    const attrs = { numChannels: channels, smoothing, oneMinusSmoothing, alternateSmoothing, alternateOneMinusSmoothing, smoothingBits, spectralSubtractionBits, minSignalRemaining, clamping };
    const g = signalGraph(`specsub_${channels}_${smoothingBits}_${spectralSubtractionBits}${clamping ? '_clamped' : ''}`, 'signal_spectral_subtraction', attrs,
      [{ dtype: 'i32', shape: [channels] }], [{ dtype: 'i32' }, { dtype: 'i32', persistent: true }]);
    cases.push(signalCase(g.name, g, 5, 8, (s) => [v.fill32(channels, () => (s === 0 ? -1 : s === 1 ? v.pick(EDGE32) : s === 2 ? v.u32() : s === 3 ? v.u32Top() : v.u32Bits()))]));
  }

  // [channels, snr_shift]; the first table is a realistic one (positive), the others take any int16, negatives included.
  for (const [n, snrShift] of [[40, 6], [16, 0], [9, 63], [25, 33], [12, 1], [7, 16]] as const) {
    const table = v.fill16(125, () => (n === 40 ? v.int(0, 32767) : v.i16()));
    if (n !== 40) table.set([-32768, -1, -300, -12345]);
    const g = signalGraph(`pcan_${n}_${snrShift}`, 'signal_pcan', { snrShift }, [{ dtype: 'i32', shape: [n] }, { dtype: 'i32', shape: [n] }, { dtype: 'i16', shape: [125], data: table }], [{ dtype: 'i32' }]);
    cases.push(signalCase(g.name, g, 8, 1, (s) => [
      v.fill32(n, () => (s === 0 ? -1 : s === 1 ? v.pick(EDGE32) : s === 3 ? v.u32Top() : v.int(0, 1) ? v.u32Bits() : v.u32())),
      v.fill32(n, () => (s === 1 ? v.pick(EDGE32) : s === 2 ? v.u32() : s === 3 ? v.u32Top() : v.int(0, 4) ? v.u32Bits() : v.int(0, 3))),
    ]));
  }

  // Output scales 2^15·odd put half of the products exactly on the final rounding's tie.
  for (const [n, inputCorrectionBits, outputScale] of [[40, 3, 64], [16, 0, 0xffffffff], [9, 31, 12345678], [30, 16, 1 << 20], [12, 31, 0xffffffff], [8, 0, 0], [20, 5, 0x8000], [10, 0, 0x38000]] as const) {
    const g = signalGraph(`log_${n}_${inputCorrectionBits}`, 'signal_filter_bank_log', { inputCorrectionBits, outputScale }, [{ dtype: 'i32', shape: [n] }], [{ dtype: 'i16' }]);
    cases.push(signalCase(g.name, g, 8, 1, (s) => [v.fill32(n, () => (s === 0 ? v.pick(EDGE32) : s === 1 ? v.u32() : s === 2 ? v.u32Top() : v.u32Bits()))]));
  }
  return cases;
}

/** One random case of `kind`, seeded by `seed`: 4 frames in a row of one stream. */
function randomCase(kind: SignalKind, seed: number, name: string): SignalCase {
  const v = new Values(new Random(seed));
  const frames = 4;
  switch (kind) {
    case 'signal_window': {
      const [len, batch] = [v.int(1, 40), v.int(1, 3)];
      const g = signalGraph(name, kind, { shift: v.int(0, 31) }, [{ dtype: 'i16', shape: [batch, len] }, { dtype: 'i16', shape: [len], data: v.fill16(len, () => v.i16()) }], [{ dtype: 'i16' }]);
      return signalCase(name, g, 1, frames, () => [v.fill16(batch * len, () => (v.int(0, 2) ? v.i16() : v.pick(EDGE16)))]);
    }
    case 'signal_fft_auto_scale': {
      const n = v.int(1, 64);
      const bits = v.int(0, 15);
      const g = signalGraph(name, kind, {}, [{ dtype: 'i16', shape: [n] }], [{ dtype: 'i16' }, { dtype: 'i32' }]);
      return signalCase(name, g, 1, frames, () => [v.fill16(n, () => (v.int(0, 9) ? v.i16Bits(bits) : v.pick(EDGE16)))]);
    }
    case 'signal_rfft': {
      const fftLength = 2 ** v.int(3, 9);
      const [len, batch] = [v.pick([fftLength, v.int(1, fftLength), fftLength - 1]), v.int(1, 3)];
      const g = signalGraph(name, kind, { fftLength }, [{ dtype: 'i16', shape: [batch, len] }], [{ dtype: 'i16' }]);
      return signalCase(name, g, 1, frames, () => [v.fill16(batch * len, v.int(0, 1) ? () => v.i16() : () => v.int(-2000, 2000))]);
    }
    case 'signal_energy': {
      const bins = v.int(1, 40);
      const start = v.int(0, bins);
      const g = signalGraph(name, kind, { startIndex: start, endIndex: v.int(start, bins) }, [{ dtype: 'i16', shape: [2 * bins] }], [{ dtype: 'i32' }]);
      return signalCase(name, g, 1, frames, () => [v.fill16(2 * bins, () => v.i16())]);
    }
    case 'signal_filter_bank': {
      const [bins, channels, taps] = [v.int(1, 60), v.int(1, 12), v.int(1, 80)];
      const data = [v.fill16(taps, () => v.i16()), v.fill16(taps, () => v.i16()), ...channelTables(v, bins, taps, channels, 10)];
      const g = signalGraph(name, kind, { numChannels: channels }, [{ dtype: 'i32', shape: [bins] }, ...data.map((d) => ({ dtype: 'i16' as const, shape: [d.length], data: d }))], [{ dtype: 'i64' }]);
      return signalCase(name, g, 1, frames, () => [v.fill32(bins, () => (v.int(0, 2) ? v.u32Bits() : v.u32Top()))]);
    }
    case 'signal_filter_bank_sqrt': {
      const n = v.int(1, 64);
      const g = signalGraph(name, kind, {}, [{ dtype: 'i64', shape: [n] }, { dtype: 'i32', shape: [] }], [{ dtype: 'i32' }]);
      return signalCase(name, g, 1, frames, () => [BigInt64Array.from({ length: n }, () => v.u64Bits()), Int32Array.of(v.pick([0, v.int(0, 15), v.int(0, 40), -1]))]);
    }
    case 'signal_spectral_subtraction': {
      const [channels, smoothingBits, spectralSubtractionBits] = [v.int(1, 41), v.int(0, 12), v.int(0, 31)];
      const weight = (): number => v.pick([() => v.int(0, 2 ** Math.min(spectralSubtractionBits, 16)), () => v.u32Bits(), () => 0])();
      const attrs = {
        numChannels: channels, smoothing: weight(), oneMinusSmoothing: weight(), alternateSmoothing: weight(), alternateOneMinusSmoothing: weight(),
        smoothingBits, spectralSubtractionBits, minSignalRemaining: weight(), clamping: v.int(0, 1) === 1,
      };
      const g = signalGraph(name, kind, attrs, [{ dtype: 'i32', shape: [channels] }], [{ dtype: 'i32' }, { dtype: 'i32', persistent: true }]);
      return signalCase(name, g, 1, 6, () => [v.fill32(channels, () => (v.int(0, 2) ? v.u32Bits() : v.u32Top()))]);
    }
    case 'signal_pcan': {
      const n = v.int(1, 41);
      // The noise estimate is a plain input here (in a model, the spectral subtraction's state).
      const g = signalGraph(name, kind, { snrShift: v.pick([v.int(0, 63), 6, 63, 32, 1]) },
        [{ dtype: 'i32', shape: [n] }, { dtype: 'i32', shape: [n] }, { dtype: 'i16', shape: [125], data: v.fill16(125, () => v.i16()) }], [{ dtype: 'i32' }]);
      return signalCase(name, g, 1, frames, () => [v.fill32(n, () => (v.int(0, 2) ? v.u32Bits() : v.u32Top())), v.fill32(n, () => (v.int(0, 4) ? v.u32Bits() : v.int(0, 3)))]);
    }
    case 'signal_filter_bank_log': {
      const n = v.int(1, 64);
      const attrs = { inputCorrectionBits: v.pick([0, v.int(0, 31), 3, 31]), outputScale: v.pick([v.int(0, 65535), v.u32() >>> 0, 1600, 0xffffffff]) };
      const g = signalGraph(name, kind, attrs, [{ dtype: 'i32', shape: [n] }], [{ dtype: 'i16' }]);
      return signalCase(name, g, 1, frames, () => [v.fill32(n, () => (v.int(0, 5) ? v.u32Bits() : v.pick([0, 1, 2, 3, -1, -2147483648])))]);
    }
  }
}

/** The fixed cases and `randomPerKind` random ones of each kind (the same ones on every call). */
export function signalCases(randomPerKind: number): SignalCase[] {
  const random = SIGNAL_KINDS.flatMap((kind, k) =>
    Array.from({ length: randomPerKind }, (_, i) => randomCase(kind, 0x9e3779b1 * (k + 1) + 7919 * (i + 1), `random_${kind.slice('signal_'.length)}_${i}`)));
  const cases = [...fixedCases(), ...random];
  const names = new Set(cases.map((c) => c.name));
  if (names.size !== cases.length) throw new Error('signal cases: two cases share a name');
  return cases;
}

/** The reference executor's outputs: per stream (each from reset), per frame, per graph output. */
export function referenceOutputs(c: SignalCase): TensorData[][][] {
  const exec = new ReferenceExecutor(c.graph);
  return c.streams.map((frames) => {
    exec.reset();
    return frames.map((inputs) => exec.run(inputs));
  });
}

/**
 * uint32 values with the top bit set that the case's kernel widens to 64
 * bits: the filter bank's energies, PCAN's input, and the noise estimates
 * the spectral subtraction reads back (its state after each frame but a
 * stream's last).
 */
export function topBitUint32Reads(c: SignalCase, expected: TensorData[][][]): number {
  const negatives = (d: TensorData | undefined): number => (d instanceof Int32Array ? d.filter((x) => x < 0).length : 0);
  if (c.kind === 'signal_filter_bank' || c.kind === 'signal_pcan') return c.streams.flat().reduce((n, frame) => n + negatives(frame[0]?.data), 0);
  if (c.kind === 'signal_spectral_subtraction') return expected.flatMap((frames) => frames.slice(0, -1)).reduce((n, outs) => n + negatives(outs[1]), 0);
  return 0;
}

/** Undefined when `actual` holds the same integers as `expected` (int64 exactly, not through a double), else the first difference. */
export function bitDifference(actual: TensorData, expected: TensorData): string | undefined {
  if (actual.constructor !== expected.constructor || actual.length !== expected.length) {
    return `${actual.constructor.name}(${actual.length}) for ${expected.constructor.name}(${expected.length})`;
  }
  let bad = 0;
  let first = -1;
  for (let i = 0; i < expected.length; i++) {
    if (actual[i] !== expected[i]) {
      if (first < 0) first = i;
      bad++;
    }
  }
  return bad === 0 ? undefined : `${bad} of ${expected.length} values differ; first [${first}] got ${String(actual[first])}, expected ${String(expected[first])}`;
}
