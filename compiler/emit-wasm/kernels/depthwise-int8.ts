/**
 * The int8 / uint8 SIMD128 depthwise kernel body: eight output channels
 * per lane group, several output pixels of a row per step.
 *
 * Every pixel runs the same arithmetic: the input offset is folded into the
 * bias (bias + offset·Σw), and a tap outside the image reads the input zero
 * point, whose product then cancels exactly against the folded term — the
 * reference's sum of the taps it does not skip. Rows above or below the
 * image point at a scratch row filled with the zero point; the few border
 * columns on either side of a row get code of their own where taps left or
 * right of the image are that constant. So no tap is ever tested at run
 * time.
 *
 * Loops: batch, channel group, output row, then the row's columns, so a
 * group's weights and record fields are loaded once for all its rows (with
 * the group inside the row loop, person_detect's 6×6×128 layers loaded
 * twenty vectors per six pixels; the change made whole inferences of
 * kws_ref_model 3 %, vww_96_int8 1.4 % and person_detect 1–2 % faster on an
 * AMD Zen 3 in Node 20). A group's weight vectors are loop-invariant locals
 * of its rows' column walks:
 * V8 schedules the loads of a straight-line stretch of code early, so
 * weights read at each use were all live at once and spilled; as locals
 * the register allocator keeps them or reloads each next to its use.
 *
 * A row is walked in steps of several output pixels (depthwise-taps.ts
 * plans them: the interior in a loop of `pixelsPerStep`-wide steps, border
 * columns and remainders as steps of known columns, narrow rows as one
 * step). Within a step, each distinct input (row, column) is loaded and
 * widened to int16 once, and each tap pair at a column is interleaved once
 * and reused by every pixel of the step whose window covers it: vertical
 * pairs, so neighbouring windows share them. The interior loop hands the
 * pair vectors its next iteration needs again (the same input cells, a
 * step's width of columns on) to that iteration in locals, set up once
 * before the loop, so each input cell of a row is loaded and interleaved
 * once instead of once per step that covers it. One `i32x4.dot_i16x8_s` adds
 * two taps' products for four channels; the sums are exact, so the order
 * does not matter. Pixels are finished one at a time (accumulate, four-lane
 * requantization of simd-requant.ts, store), which keeps few vectors live;
 * two neighbouring pixels share the narrowing, and with eight channels
 * they are one 16-byte store (with more, and unit stride, two 8-byte
 * ones). The group's record fields, like its weights, are locals of the
 * column walk.
 *
 * A depth multiplier of 8 or more reads one input channel per group: its
 * values are scalars, and a tap pair is one int32 (two int16 halves)
 * splatted over the four lanes. Over a one-channel image (person_detect's
 * first layer) each output row first writes its pairs to scratch, eight
 * columns a vector step (pair rows, `fillPairRows`), and a step splats
 * each pair with one 32-bit load instead of building it from two byte
 * loads with a mask, a shift and an or: person_detect's first layer took
 * 11.1 µs and takes 8.9 on an AMD Zen 3 in Node 20. int8 weights come
 * from the interleaved pair table; packed int4/int2 weights stay packed
 * and are unpacked once per channel group, for all its pixels (see
 * `unpackEight`).
 */
import type { Expr, FunctionBuilder, Local } from '../binaryen.js';
import { columnSteps, depthwiseScratch, overReadColumns, tapPairs, type ColumnStep, type DepthwiseGeometry, type LastRow, type PairRowLayout, type Tap, type TapPair } from './depthwise-taps.js';
import { interleaveI16Lanes } from './kernel.js';
import { heldFields, recordBytes, requantWith, toBytes, type SimdRequantConfig } from './simd-requant.js';

/** Everything the int8 kernel bakes in: the layer's geometry, input type, weight layout and output stage. */
export interface DepthwiseInt8Config extends DepthwiseGeometry {
  kind: 'int8';
  inputUnsigned: boolean;
  /** 8 (weights as the interleaved pair table), or 4/2 (the filter read packed). */
  weightBits: 8 | 4 | 2;
  /** How an odd last window row's taps are paired (depthwise-taps.ts; 'own' for packed weights). */
  lastRow: LastRow;
  /** Most output pixels per step of the interior loop. */
  pixelsPerStep: number;
  /** Rows of at most this many output columns are one step. */
  wholeRow: number;
  /** Some rows of some windows lie outside the image: scratch starts with a row of the zero point. */
  paddedRows: boolean;
  /** One input channel splatted: each output row's tap pairs are first written to scratch (depthwise-taps.ts `PairRowLayout`). */
  pairRows: boolean;
  /** Each output row walked twice, four channels a walk (the relaxed-SIMD module's variant, `halfPassVariant`). */
  halfPasses?: true;
  rq: SimdRequantConfig;
}

/**
 * The config for a relaxed-SIMD module: each output row walked twice, the
 * group's low four channels and then its high four, where the SIMD module
 * walks it once for all eight. A walk then holds five weight vectors and
 * one half's record fields instead of ten and both, which fit x86's
 * registers: in Chromium 156 the eight-channel interior loop moved 37 of
 * its 125 instructions per two pixels to and from the stack. The input
 * cells are loaded and widened twice, and each walk interleaves only its
 * half. Measured in Chromium 156 on an AMD Zen 3 against one walk (both
 * relaxed modules, interleaved in one page): person_detect's stride-1
 * layers 4–10 % faster (48×48×8 10.8 → 10.2 µs, 6×6×128 3.0 → 2.7), its
 * stride-2 ones unchanged, whole inferences 2 % faster, vww_96_int8 1–2 %,
 * kws_ref_model 3 %. In Node 20's V8 four-channel walks were slower (see
 * the README), so the SIMD module keeps one. Undefined where the variant
 * does not apply (a splatted input channel, packed weights).
 */
export function halfPassVariant(c: DepthwiseInt8Config): DepthwiseInt8Config | undefined {
  if (c.depthMultiplier !== 1 || c.pairRows || c.weightBits !== 8) return undefined;
  return { ...c, halfPasses: true };
}

/** An input cell of a step: window row and column counted from the step's first window. */
interface Cell {
  ky: number;
  col: number;
}

/** How a step is emitted (see `step` in `emitDepthwiseInt8`). */
interface StepOptions {
  carry?: Carry;
  prologue?: boolean;
  half?: 0 | 1;
}

/** Where a step starts: a run-time column (the interior loop) or a known one. */
type StepStart = { ox: Local } | { fixed: number };

/** A loop step's pair vectors handed to its next iteration: their locals, the key each takes its next value from, and a pixel and pair that build each. */
interface Carry {
  carried: Map<string, [Local, Local]>;
  next: Map<string, string>;
  producers: Map<string, [number, TapPair]>;
}

/** Emits the kernel; parameters: input, weights, records, output[, scratch: the zero-point row, then the pair rows]. */
export function emitDepthwiseInt8(f: FunctionBuilder, c: DepthwiseInt8Config): Expr {
  const m = f.m;
  const [pIn, pW, pRec, pOut] = f.params(4);
  const scratch = depthwiseScratch(c);
  const pScratch = scratch.bytes > 0 ? f.param(4) : undefined;
  const pZeroRow = c.paddedRows ? pScratch : undefined;
  const pairRows = scratch.pairRows;
  const [b, oy, ox, inBatch, outRow, grp, wg, rec, out, stepBytes] = f.locals(10, f.t.i32);
  // A loop step's pointers into the pair rows at its first window column (four bytes a column for interleaved rows, two for the last row).
  const [pairVertical, pairLast] = pairRows ? f.locals(2, f.t.i32) : [];
  const rows = Array.from({ length: c.kH }, () => f.local(f.t.i32));
  const bases = Array.from({ length: c.kH }, () => f.local(f.t.i32));
  const pairs = tapPairs(c.kH, c.kW, c.lastRow);
  const groups = c.outC / 8;
  const rowBytes = c.inW * c.inC;
  const zeroPoint = -c.inputOffset;
  const splatsChannel = c.depthMultiplier !== 1;

  // The current group's weights, loaded (or unpacked) once per group: values the
  // register allocator keeps or reloads next to their use, instead of loads V8 schedules early.
  const weights = pairs.map(() => [f.local(f.t.v128), f.local(f.t.v128)] as const);
  const channel = splatsChannel ? f.local(f.t.i32) : undefined;
  const groupSetup = (): Expr[] => [
    ...(channel ? [channel.set(m.i32.div_u(m.i32.shl(grp.get(), f.i32(3)), f.i32(c.depthMultiplier)))] : []),
    wg.set(c.weightBits === 8 ? m.i32.add(pW.get(), m.i32.mul(grp.get(), f.i32(pairs.length * 32))) : m.i32.add(pW.get(), m.i32.mul(grp.get(), f.i32(c.weightBits)))),
    rec.set(m.i32.add(pRec.get(), m.i32.mul(grp.get(), f.i32(2 * recordBytes(c.rq))))),
    ...pairs.flatMap((pair, j) => {
      const [lo, hi] = weights[j]!;
      if (c.weightBits === 8) return [lo.set(m.v128.load(j * 32, 16, wg.get())), hi.set(m.v128.load(j * 32 + 16, 16, wg.get()))];
      return unpackPair(pair, lo, hi);
    }),
  ];

  // The group's record fields, likewise locals of the column walk: V8 issues a stretch's loads
  // together at its start, so fields loaded per pixel were loaded early and spilled at once.
  const recordSetup: Expr[] = [];
  const fieldsLo = heldFields(f, rec, 0, recordSetup);
  const fieldsHi = heldFields(f, rec, recordBytes(c.rq), recordSetup);

  /** The pair vector of `pair` for pixel p of a step: its input (row, column) cells, columns counted from the step's first window. */
  const colOf = (p: number, t: Tap): number => p * c.strideW + t.kx * c.dilationW;
  /** The input cells of `pair` for pixel p (undefined: the zero partner of a lone tap). */
  const pairCells = (p: number, pair: TapPair): Array<Cell | undefined> => [pair.a, pair.b].map((t) => (t ? { ky: t.ky, col: colOf(p, t) } : undefined));
  const cellsKey = (cells: ReadonlyArray<Cell | undefined>): string => cells.map((x) => (x ? `${x.ky},${x.col}` : '-')).join('|');
  const pairKey = (p: number, pair: TapPair): string => cellsKey(pairCells(p, pair));
  const usedBy = (p: number, pair: TapPair): boolean => pair.parity === undefined || pair.parity === p % 2;

  /**
   * One step: `n` output pixels starting at `start`, the current channel
   * group. `carry`: the step is a loop's body, and the pair vectors it
   * shares with the next iteration (the same cells `shift` columns on) are
   * handed over in locals instead of being loaded and interleaved again;
   * `prologue` emits only those vectors, for the loop's first iteration.
   * `half`: a half-pass walk's four channels (0 low, 1 high), whose pair
   * vectors are one interleave each.
   */
  const step = (start: StepStart, n: number, { carry, prologue = false, half }: StepOptions = {}): Expr => {
    const fixed = 'fixed' in start ? start.fixed : undefined;
    const column = 'ox' in start ? start.ox : undefined;
    // Input column of the step's first window (when known), and the column its base pointers address.
    const firstCol = fixed === undefined ? undefined : fixed * c.strideW - c.padLeft;
    const baseCol = firstCol === undefined ? 0 : Math.max(0, firstCol);
    const inside = (p: number, t: Tap): boolean => {
      if (firstCol === undefined) return true;
      const ix = firstCol + colOf(p, t);
      return ix >= 0 && ix < c.inW;
    };
    // Byte offset of tap t of pixel p from its row's base pointer (valid taps only).
    const tapOffset = (p: number, t: Tap): number => ((firstCol === undefined ? 0 : firstCol - baseCol) + colOf(p, t)) * c.inC;
    // Base pointers address the step's first column (the row pointers already hold the group's input channels).
    const body: Expr[] = [];
    if (!pairRows && column) body.push(stepBytes.set(m.i32.mul(m.i32.sub(m.i32.mul(column.get(), f.i32(c.strideW)), f.i32(c.padLeft)), f.i32(c.inC))));
    if (!pairRows) body.push(...bases.map((base, ky) => base.set(column ? m.i32.add(rows[ky]!.get(), stepBytes.get()) : f.addr(rows[ky]!.get(), baseCol * c.inC))));
    if (pairRows && column) {
      const first = m.i32.mul(column.get(), f.i32(c.strideW));
      body.push(pairVertical!.set(m.i32.add(pScratch!.get(), m.i32.shl(first, f.i32(2)))));
      if (pairRows.last !== undefined) body.push(pairLast!.set(m.i32.add(pScratch!.get(), m.i32.shl(m.copyExpression(first), f.i32(1)))));
    }
    /** The splat of a tap pair read from the pair rows: interleaved rows for a vertical pair, the widened last row otherwise. */
    const pairRowSplat = (layout: PairRowLayout, p: number, pair: TapPair): Expr => {
      // Column of the pair's first tap in the rows (lead counted); a loop step's pointers hold its first window column.
      const col = layout.lead + (firstCol ?? -c.padLeft) + colOf(p, pair.a);
      if (pair.b && pair.b.ky === pair.a.ky + 1) return m.v128.load32_splat(layout.vertical[pair.a.ky / 2]! + 4 * col, 4, (column ? pairVertical! : pScratch!).get());
      return m.v128.load32_splat(layout.last! + 2 * col, 2, (column ? pairLast! : pScratch!).get());
    };
    const outAt = column ? m.i32.add(outRow.get(), m.i32.mul(column.get(), f.i32(c.outC))) : f.addr(outRow.get(), fixed! * c.outC);
    body.push(out.set(outAt));

    const sources = new Map<string, Local>();
    const source = (p: number, t: Tap): Local => {
      const key = `${t.ky},${colOf(p, t)}`;
      let s = sources.get(key);
      if (s) return s;
      const valid = inside(p, t);
      s = f.local(splatsChannel ? f.t.i32 : f.t.v128);
      const addr = bases[t.ky]!.get();
      const offset = valid ? tapOffset(p, t) : 0;
      let value: Expr;
      if (splatsChannel) value = valid ? (c.inputUnsigned ? m.i32.load8_u(offset, 1, addr) : m.i32.load8_s(offset, 1, addr)) : f.i32(zeroPoint);
      else if (!valid) value = f.splatInvariant('i16x8', zeroPoint);
      else value = c.inputUnsigned ? m.v128.load8x8_u(offset, 1, addr) : m.v128.load8x8_s(offset, 1, addr);
      body.push(s.set(value));
      sources.set(key, s);
      return s;
    };
    const pairVectors = new Map<string, [Local, Local]>(prologue ? [] : carry?.carried ?? []);
    const pairVector = (p: number, pair: TapPair): [Local, Local] => {
      const key = pairKey(p, pair);
      const known = pairVectors.get(key);
      if (known) return known;
      if (pairRows) {
        const v = f.local(f.t.v128);
        body.push(v.set(pairRowSplat(pairRows, p, pair)));
        pairVectors.set(key, [v, v]);
        return [v, v];
      }
      const a = source(p, pair.a);
      const bSrc = pair.b ? source(p, pair.b) : undefined;
      let made: [Local, Local];
      if (splatsChannel) {
        // Both halves are the same vector: lanes (a, b) repeated.
        const v = f.local(f.t.v128);
        const low = m.i32.and(a.get(), f.i32(0xffff));
        body.push(v.set(m.i32x4.splat(bSrc ? m.i32.or(low, m.i32.shl(bSrc.get(), f.i32(16))) : low)));
        made = [v, v];
      } else if (half !== undefined) {
        // A half-pass walk's vector stands for both halves (its weights and fields pick the half).
        const v = f.local(f.t.v128);
        body.push(v.set(m.i8x16.shuffle(a.get(), bSrc ? bSrc.get() : f.zeroV128(), interleaveI16Lanes(half))));
        made = [v, v];
      } else {
        const [lo, hi] = [f.local(f.t.v128), f.local(f.t.v128)];
        body.push(lo.set(m.i8x16.shuffle(a.get(), bSrc ? bSrc.get() : f.zeroV128(), interleaveI16Lanes(0))));
        body.push(hi.set(m.i8x16.shuffle(a.get(), bSrc ? bSrc.get() : f.zeroV128(), interleaveI16Lanes(1))));
        made = [lo, hi];
      }
      pairVectors.set(key, made);
      return made;
    };

    /** Sets each carried pair vector from `from(key)`, lowest columns first (a vector handed on may itself have come in). */
    const setCarried = (from: (key: string) => [Local, Local]): void => {
      for (const [key, [lo, hi]] of carry?.carried ?? []) {
        const [v0, v1] = from(key);
        body.push(lo.set(v0.get()), ...(hi === lo ? [] : [hi.set(v1.get())]));
      }
    };
    if (prologue) {
      setCarried((key) => pairVector(...carry!.producers.get(key)!));
      return f.block(body);
    }
    const acc = Array.from({ length: n }, () => [f.local(f.t.v128), f.local(f.t.v128)] as const);
    /** Sums pixel p's halves (a half-pass walk: its one half, in the first accumulator). */
    const sum = (p: number): void => {
      const [aLo, aHi] = acc[p]!;
      let first = true;
      pairs.forEach((pair, j) => {
        if (!usedBy(p, pair)) return;
        const [lo, hi] = pairVector(p, pair);
        const [wLo, wHi] = weights[j]!;
        const halves: Array<[Local, Local, Local]> = half === undefined ? [[aLo, lo, wLo], [aHi, hi, wHi]] : [[aLo, lo, half === 0 ? wLo : wHi]];
        for (const [a, v, w] of halves) {
          const dot = m.i32x4.dot_i16x8_s(v.get(), w.get());
          body.push(a.set(first ? dot : m.i32x4.add(a.get(), dot)));
        }
        first = false;
      });
    };
    /** Hands the pair vectors the next iteration needs over to it. */
    const handOver = (): void => setCarried((key) => pairVectors.get(carry!.next.get(key)!)!);
    if (half !== undefined) {
      // Four channels a pixel: two neighbouring pixels share the narrowing, and each stores its four bytes.
      const fields = half === 0 ? fieldsLo : fieldsHi;
      for (let p = 0; p < n; p++) {
        sum(p);
        const [a] = acc[p]!;
        body.push(a.set(requantWith(f, c.rq, a.get(), fields)));
        if (p % 2 === 0 && p + 1 < n) continue;
        const bytes = f.local(f.t.v128);
        const firstPixel = p % 2 === 1 ? p - 1 : p;
        body.push(bytes.set(toBytes(f, c.rq, ...(p % 2 === 1 ? [acc[p - 1]![0].get(), a.get()] : [a.get()]))));
        for (let q = firstPixel; q <= p; q++) body.push(m.v128.store32_lane(q * c.outC + 4 * half, 1, q - firstPixel, out.get(), bytes.get()));
      }
      handOver();
      return f.block(body);
    }
    // Each pixel requantized as soon as it is summed. Two neighbouring pixels share the narrowing:
    // with eight channels they are sixteen contiguous bytes and one store; with more, each stores its
    // half. Only with unit stride for the latter: on an AMD Zen 3 in Node 20 person_detect's stride-1
    // layers with several groups ran 5–7 % faster and its stride-2 ones slightly slower.
    const together = c.outC === 8 || c.strideW === 1;
    for (let p = 0; p < n; p++) {
      sum(p);
      const [aLo, aHi] = acc[p]!;
      const lanes = [requantWith(f, c.rq, aLo.get(), fieldsLo), requantWith(f, c.rq, aHi.get(), fieldsHi)];
      if (together && p % 2 === 0 && p + 1 < n) {
        body.push(aLo.set(lanes[0]!), aHi.set(lanes[1]!));
        continue;
      }
      if (together && p % 2 === 1) {
        const [bLo, bHi] = acc[p - 1]!;
        const both = toBytes(f, c.rq, bLo.get(), bHi.get(), ...lanes);
        if (c.outC === 8) body.push(m.v128.store((p - 1) * c.outC, 1, out.get(), both));
        else {
          const bytes = f.local(f.t.v128);
          body.push(bytes.set(both), m.v128.store64_lane((p - 1) * c.outC, 1, 0, out.get(), bytes.get()), m.v128.store64_lane(p * c.outC, 1, 1, out.get(), bytes.get()));
        }
        continue;
      }
      body.push(m.v128.store64_lane(p * c.outC, 1, 0, out.get(), toBytes(f, c.rq, ...lanes)));
    }
    handOver();
    return f.block(body);
  };

  /** The interleaved int16 weight vectors of a pair of taps of the current group, from packed weights. */
  const unpackPair = (pair: TapPair, wLo: Local, wHi: Local): Expr[] => {
    const bits = c.weightBits as 4 | 2;
    const tapBytes = (t: Tap): number => ((t.ky * c.kW + t.kx) * c.outC * bits) / 8;
    const wa = f.local(f.t.v128);
    const wb = f.local(f.t.v128);
    return [
      wa.set(unpackEight(f, bits, tapBytes(pair.a), wg.get())),
      wb.set(pair.b ? unpackEight(f, bits, tapBytes(pair.b), wg.get()) : f.zeroV128()),
      wLo.set(m.i8x16.shuffle(wa.get(), wb.get(), interleaveI16Lanes(0))),
      wHi.set(m.i8x16.shuffle(wa.get(), wb.get(), interleaveI16Lanes(1))),
    ];
  };

  /** One column step of a row's walk (`half`: a half-pass walk's four channels). */
  const walk = (s: ColumnStep, half?: 0 | 1): Expr => {
    if ('at' in s) return step({ fixed: s.at }, s.pixels, { half });
    if (s.to - s.from === s.pixels) return f.block([ox.set(f.i32(s.from)), step({ ox }, s.pixels, { half })]);
    const carry = loopCarry(s.pixels, half !== undefined);
    if (!carry) return f.forRange(ox, s.from, s.to, [step({ ox }, s.pixels, { half })], s.pixels);
    return f.block([ox.set(f.i32(s.from)), step({ ox }, s.pixels, { carry, prologue: true, half }), f.forRange(ox, s.from, s.to, [step({ ox }, s.pixels, { carry, half })], s.pixels)]);
  };

  /**
   * The pair vectors a loop step of n pixels shares with the next
   * iteration: those whose cells, `n·strideW` columns on, are another pair
   * vector of the same step (a splatted pair is one vector for both
   * halves, as is every pair vector of a half-pass walk: `oneVector`).
   */
  const loopCarry = (n: number, oneVector = false): Carry | undefined => {
    const shift = n * c.strideW;
    const producers = new Map<string, [number, TapPair]>();
    const cells = new Map<string, Array<Cell | undefined>>();
    for (let p = 0; p < n; p++) {
      for (const pair of pairs) {
        if (!usedBy(p, pair)) continue;
        producers.set(pairKey(p, pair), [p, pair]);
        cells.set(pairKey(p, pair), pairCells(p, pair));
      }
    }
    const moved = (key: string): string => cellsKey(cells.get(key)!.map((x) => x && { ky: x.ky, col: x.col + shift }));
    const keys = [...producers.keys()].filter((key) => producers.has(moved(key)));
    if (keys.length === 0) return undefined;
    // Lowest columns first, so a vector is read before the update that replaces it.
    const column = (key: string): number => Math.min(...cells.get(key)!.flatMap((x) => (x ? [x.col] : [])));
    keys.sort((a, b) => column(a) - column(b));
    return {
      carried: new Map(keys.map((key) => {
        const lo = f.local(f.t.v128);
        return [key, [lo, splatsChannel || oneVector ? lo : f.local(f.t.v128)] as [Local, Local]];
      })),
      next: new Map(keys.map((key) => [key, moved(key)])),
      producers,
    };
  };
  const geometry = { inW: c.inW, outW: c.outW, kW: c.kW, strideW: c.strideW, dilationW: c.dilationW, padLeft: c.padLeft };
  const columns = columnSteps(geometry, c.pixelsPerStep, c.wholeRow, overReadColumns(c.lastRow));

  // Built before the group setup, which then loads the record fields the steps read.
  if (c.halfPasses && (splatsChannel || pairRows || c.weightBits !== 8)) throw new Error('half passes take one input channel per output channel and int8 weights');
  const walks = c.halfPasses ? ([0, 1] as const).flatMap((half) => columns.map((s) => walk(s, half))) : columns.map((s) => walk(s));

  /** The group's first input channel (the one channel when splatting). */
  const groupChannel = (): Expr => (channel ? channel.get() : m.i32.shl(grp.get(), f.i32(3)));
  const rowPointer = (ky: number): Expr => {
    const iy = m.i32.add(m.i32.sub(m.i32.mul(oy.get(), f.i32(c.strideH)), f.i32(c.padTop)), f.i32(ky * c.dilationH));
    const inImage = m.i32.add(inBatch.get(), m.i32.mul(iy, f.i32(rowBytes)));
    if (!pZeroRow) return inImage;
    return m.select(m.i32.lt_u(m.copyExpression(iy), f.i32(c.inH)), inImage, pZeroRow.get());
  };

  return f.block([
    ...(pZeroRow ? [m.memory.fill(pZeroRow.get(), f.i32(zeroPoint & 0xff), f.i32(rowBytes))] : []),
    f.forRange(b, 0, c.batches, [
      inBatch.set(m.i32.add(pIn.get(), m.i32.mul(b.get(), f.i32(c.inH * rowBytes)))),
      f.forRange(grp, 0, groups, [
        ...groupSetup(),
        ...recordSetup,
        // Output and row pointers hold the group's channels, so a step adds only its column.
        outRow.set(m.i32.add(m.i32.add(pOut.get(), m.i32.mul(b.get(), f.i32(c.outH * c.outW * c.outC))), m.i32.shl(grp.get(), f.i32(3)))),
        f.forRange(oy, 0, c.outH, [
          ...rows.map((row, ky) => row.set(pairRows ? rowPointer(ky) : m.i32.add(rowPointer(ky), groupChannel()))),
          ...(pairRows ? fillPairRows(f, c, pairRows, pScratch!, rows) : []),
          ...walks,
          outRow.set(f.addr(outRow.get(), c.outW * c.outC)),
        ]),
      ]),
    ]),
  ]);
}

/**
 * Eight packed int4 (4 bytes) or int2 (2 bytes) weights at `ptr + offset`
 * as int16 lanes: each byte copied to the lanes of its fields, each lane
 * multiplied by the power of two that moves its field to bits 15…16−bits
 * (wrapping away the rest), then shifted back arithmetically.
 */
function unpackEight(f: FunctionBuilder, bits: 4 | 2, offset: number, ptr: Expr): Expr {
  const m = f.m;
  const perByte = 8 / bits;
  const raw = bits === 4 ? m.v128.load32_zero(offset, 1, ptr) : m.v128.load16_splat(offset, 1, ptr);
  const spread = m.i8x16.shuffle(raw, f.zeroV128(), Array.from({ length: 16 }, (_, i) => (i < 8 ? Math.floor(i / perByte) : 16)));
  const factors = Array.from({ length: 8 }, (_, lane) => 2 ** (16 - bits - bits * (lane % perByte)));
  return m.i16x8.shr_s(m.i16x8.mul(m.i16x8.extend_low_i8x16_u(spread), f.i16x8Const(factors)), f.i32(16 - bits));
}

/**
 * Writes an output row's pair rows (depthwise-taps.ts `PairRowLayout`)
 * from its window rows' pointers (`rows`, one input channel, rows outside
 * the image at the zero-point row): the zero point in the padding columns,
 * and eight image columns a step — both rows widened and interleaved for a
 * vertical pair, the last row widened — with a last step flush with the
 * row's end when its width is not a multiple of eight.
 */
function fillPairRows(f: FunctionBuilder, c: DepthwiseInt8Config, layout: PairRowLayout, scratch: Local, rows: Local[]): Expr[] {
  const m = f.m;
  const zeroPoint = -c.inputOffset;
  const load = (ptr: Expr): Expr => (c.inputUnsigned ? m.v128.load8x8_u(0, 1, ptr) : m.v128.load8x8_s(0, 1, ptr));
  const col = f.local(f.t.i32);
  const stmts: Expr[] = [];
  /** `step(at)` for each eight image columns: `at()` is the first column, a loop counter, then a last step flush with the row's end. */
  const spans = (step: (at: () => Expr) => Expr[]): Expr[] => {
    const whole = Math.floor(c.inW / 8) * 8;
    const out = [f.forRange(col, 0, whole, step(() => col.get()), 8)];
    if (whole < c.inW) out.push(...step(() => f.i32(c.inW - 8)));
    return out;
  };
  /** A window row's eight bytes at column `at()`, widened; the scratch address of column `at()` of a row `bytes` wide a column. */
  const from = (row: Local, at: () => Expr): Expr => load(m.i32.add(row.get(), at()));
  const cell = (at: () => Expr, bytes: number): Expr => m.i32.add(scratch.get(), m.i32.mul(at(), f.i32(bytes)));
  /** The padding columns of a row whose columns are `bytes` wide, as stores of the zero point (a pair, or one int16). */
  const padding = (offset: number, bytes: 2 | 4): Expr[] => {
    const value = bytes === 4 ? (zeroPoint & 0xffff) | (zeroPoint << 16) : zeroPoint;
    const columns = [...Array.from({ length: layout.lead }, (_, j) => j), ...Array.from({ length: layout.cols - layout.lead - c.inW }, (_, j) => layout.lead + c.inW + j)];
    return columns.map((j) => (bytes === 4 ? m.i32.store(offset + 4 * j, 4, scratch.get(), f.i32(value)) : m.i32.store16(offset + 2 * j, 2, scratch.get(), f.i32(value))));
  };
  layout.vertical.forEach((offset, j) => {
    const [upper, lower] = [rows[2 * j]!, rows[2 * j + 1]!];
    const [a, b] = f.locals(2, f.t.v128);
    stmts.push(...padding(offset, 4), ...spans((at) => [
      a.set(from(upper, at)),
      b.set(from(lower, at)),
      m.v128.store(offset + 4 * layout.lead, 4, cell(at, 4), m.i8x16.shuffle(a.get(), b.get(), interleaveI16Lanes(0))),
      m.v128.store(offset + 4 * layout.lead + 16, 4, cell(at, 4), m.i8x16.shuffle(a.get(), b.get(), interleaveI16Lanes(1))),
    ]));
  });
  if (layout.last !== undefined) {
    const last = layout.last;
    const row = rows[c.kH - 1]!;
    stmts.push(...padding(last, 2), ...spans((at) => [m.v128.store(last + 2 * layout.lead, 2, cell(at, 2), from(row, at))]));
  }
  return stmts;
}
