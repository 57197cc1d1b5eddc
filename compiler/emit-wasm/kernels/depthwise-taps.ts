/**
 * The window arithmetic of the int8 SIMD depthwise kernel, as plain data
 * shared by its plan (which lays out the weights) and its emitter (which
 * reads them in the same order).
 *
 * - Tap pairs: `i32x4.dot_i16x8_s` adds two products per lane, so the taps
 *   of a window are taken two at a time. Rows are paired vertically
 *   ((0,1), (2,3), … at every column): a vertical pair at one input column
 *   is the same vector for every output pixel whose window covers that
 *   column, so neighbouring pixels share it. An odd last row pairs its taps
 *   horizontally, and an odd last tap is paired with zero.
 * - Shared last row: with unit horizontal stride and dilation, the odd last
 *   row's horizontal pairs are instead fixed column pairs (c, c+1), c even
 *   counted from a step's first pixel, used by both pixels of a pixel pair
 *   with weights of their own: for a 3-wide window, the even pixel q takes
 *   (w0, w1) on (q, q+1) and (w2, 0) on (q+2, q+3), the odd pixel q+1 takes
 *   (0, w0) on (q, q+1) and (w1, w2) on (q+2, q+3). Both pixels multiply as
 *   many pairs as before, but build half as many pair vectors (interleaving
 *   shuffles). A tap of zero weight outside a pixel's window may read a
 *   column the window does not cover: it stays inside its step's columns
 *   (the pixel pair's windows) except for an odd last pixel, whose extra
 *   column is one past its window and, at the image edge, reads the zero
 *   point like any tap outside the image.
 * - Reaching last row: with horizontal stride 2 (dilation 1) and an odd
 *   window width, every window column pair (kx, kx+1) starts at an even kx
 *   for every pixel, and the last one reaches one column past the window
 *   (weight zero) — the next pixel's first column: pixel p's last pair is
 *   pixel p+1's first, one pair vector for both. The interior loop must
 *   then stop where that extra column is still in the image
 *   (`columnSteps`' overRead); border steps read the zero point past it.
 * - Columns: output columns whose window lies inside the image
 *   horizontally (the interior span) run the blocked loop; the few border
 *   columns on either side get code of their own in which each tap outside
 *   the image reads the input zero point instead, a constant, so that the
 *   same folded bias (bias + input offset·Σw) is exact for them too.
 *   Narrow rows are one step of code from edge to edge.
 */
import type { DepthwiseConv2dPrepared } from '../../ops/depthwise-conv2d.js';

const GEOMETRY_FIELDS = ['batches', 'inH', 'inW', 'inC', 'outH', 'outW', 'outC', 'kH', 'kW', 'strideH', 'strideW',
  'dilationH', 'dilationW', 'padTop', 'padLeft', 'depthMultiplier', 'inputOffset'] as const;

/** What a depthwise kernel bakes in of the layer's shape: sizes, window, strides, padding, multiplier, input offset. */
export type DepthwiseGeometry = Pick<DepthwiseConv2dPrepared, (typeof GEOMETRY_FIELDS)[number]>;

/** The geometry fields of a prepared depthwise op (and nothing else, so configs stay small and stable). */
export function depthwiseGeometry(p: DepthwiseConv2dPrepared): DepthwiseGeometry {
  return Object.fromEntries(GEOMETRY_FIELDS.map((k) => [k, p[k]])) as DepthwiseGeometry;
}

/** One tap of the window. */
export interface Tap {
  ky: number;
  kx: number;
}

/**
 * Two taps multiplied and added by one dot product (`b` absent: paired with
 * a zero weight). A tap whose kx lies outside the window has weight zero
 * (shared last row). `parity`: only the even (0) or odd (1) pixels of a
 * step use the pair; absent, every pixel does.
 */
export interface TapPair {
  a: Tap;
  b?: Tap;
  parity?: 0 | 1;
}

/** How the taps of an odd last window row are paired (see the header): within the window, shared by pixel pairs, or reaching the next pixel. */
export type LastRow = 'own' | 'shared' | 'reaching';

/** The last-row pairing a layer's window and horizontal stride and dilation allow. */
export function lastRowPairing(kH: number, kW: number, strideW: number, dilationW: number): LastRow {
  if (kH % 2 === 0 || dilationW !== 1) return 'own';
  if (strideW === 1) return 'shared';
  return strideW === 2 && kW % 2 === 1 ? 'reaching' : 'own';
}

/** Columns past its window the last pixel of a loop step reads with this pairing. */
export const overReadColumns = (lastRow: LastRow): number => (lastRow === 'reaching' ? 1 : 0);

/** The tap pairs of a kH×kW window, in the order the weight table holds them (`lastRow`: see the header). */
export function tapPairs(kH: number, kW: number, lastRow: LastRow = 'own'): TapPair[] {
  const pairs: TapPair[] = [];
  for (let ky = 0; ky + 1 < kH; ky += 2) {
    for (let kx = 0; kx < kW; kx++) pairs.push({ a: { ky, kx }, b: { ky: ky + 1, kx } });
  }
  if (kH % 2 === 0) return pairs;
  const ky = kH - 1;
  if (lastRow !== 'shared') {
    // 'reaching': the last pair's second tap is the column past the window, of weight zero.
    for (let kx = 0; kx < kW; kx += 2) pairs.push(kx + 1 < kW || lastRow === 'reaching' ? { a: { ky, kx }, b: { ky, kx: kx + 1 } } : { a: { ky, kx } });
    return pairs;
  }
  // Column pairs (2i, 2i+1) from the even pixel's column: kx = 2i − parity relative to the pixel.
  for (const parity of [0, 1] as const) {
    for (let i = 0; 2 * i - parity < kW; i++) {
      const [ka, kb] = [2 * i - parity, 2 * i + 1 - parity];
      if (ka < 0 && kb >= kW) continue;
      pairs.push({ a: { ky, kx: ka }, b: { ky, kx: kb }, parity });
    }
  }
  return pairs;
}

/**
 * The int8 weight table of the pairs: per group of 8 channels and per pair,
 * two int16 vectors [wa(c0), wb(c0), …, wa(c3), wb(c3)] and the same for
 * c4…c7 (wb = 0 for a lone tap or one outside the window). `weights` is the
 * unpacked [kH][kW][C] filter.
 */
export function pairWeightTable(weights: Int8Array, kW: number, pairs: TapPair[], channels: number): Uint8Array {
  const out = new Int16Array((channels / 8) * pairs.length * 16);
  const at = (t: Tap, ch: number): number => (t.kx < 0 || t.kx >= kW ? 0 : weights[(t.ky * kW + t.kx) * channels + ch]!);
  let o = 0;
  for (let g = 0; g < channels / 8; g++) {
    for (const { a, b } of pairs) {
      for (let c = 0; c < 8; c++) {
        out[o++] = at(a, g * 8 + c);
        out[o++] = b ? at(b, g * 8 + c) : 0;
      }
    }
  }
  return new Uint8Array(out.buffer);
}

export interface ColumnGeometry {
  inW: number;
  outW: number;
  kW: number;
  strideW: number;
  dilationW: number;
  padLeft: number;
}

/** Output columns [start, end) whose whole window is inside the image (empty when end ≤ start). */
export function interiorColumns(c: ColumnGeometry): { start: number; end: number } {
  const start = Math.min(c.outW, Math.ceil(c.padLeft / c.strideW));
  const lastStart = c.inW - 1 - (c.kW - 1) * c.dilationW + c.padLeft;
  const end = lastStart < 0 ? 0 : Math.min(c.outW, Math.floor(lastStart / c.strideW) + 1);
  return end > start ? { start, end } : { start: 0, end: 0 };
}

/**
 * How the kernel walks one output row: a step of known columns (`at`), or
 * a loop over [from, to) in steps of `pixels` (to − from a multiple of it).
 */
export type ColumnStep = { at: number; pixels: number } | { from: number; to: number; pixels: number };

/**
 * The steps of a row: rows of at most `wholeRow` columns are one step
 * (neighbouring windows share all their inputs); wider rows are the left
 * border columns as one step, the interior as a loop of `pixels`-wide
 * steps and one step for what remains, and the right border columns as one
 * step. `overRead`: columns past its window the last pixel of a loop step
 * reads; the loop ends where they are still in the image.
 */
export function columnSteps(c: ColumnGeometry, pixels: number, wholeRow: number, overRead = 0): ColumnStep[] {
  const { start, end } = interiorColumns(c);
  if (c.outW <= wholeRow || end === start) return [{ at: 0, pixels: c.outW }];
  let loopEnd = start + Math.floor((end - start) / pixels) * pixels;
  const lastRead = (to: number): number => (to - 1) * c.strideW - c.padLeft + (c.kW - 1) * c.dilationW + overRead;
  while (loopEnd > start && lastRead(loopEnd) >= c.inW) loopEnd -= pixels;
  const known = (at: number, to: number): ColumnStep[] => (to > at ? [{ at, pixels: to - at }] : []);
  return [
    ...known(0, start),
    ...(loopEnd > start ? [{ from: start, to: loopEnd, pixels }] : []),
    ...known(loopEnd, end),
    ...known(end, c.outW),
  ];
}

/** Whether some output row's window reaches above or below the image (then the kernel needs a zero-point row). */
export function needsPaddedRows(inH: number, outH: number, kH: number, strideH: number, dilationH: number, padTop: number): boolean {
  return padTop > 0 || (outH - 1) * strideH - padTop + (kH - 1) * dilationH >= inH;
}

/**
 * Pair rows: where one input channel is splatted over a group (a depth
 * multiplier of 8 or more on a one-channel image, such as person_detect's
 * first layer), each output row first writes its tap pairs as int16 pairs
 * into scratch — per vertical pair of window rows the two rows interleaved
 * (int32 per column: (row ky, row ky+1)), and for an odd last row that row
 * widened to int16, where the four bytes at a column are the pair of that
 * column and the next — so a step splats each tap pair with one 32-bit load
 * instead of building it from two byte loads in scalar code. The rows are
 * padded with the input zero point: `lead` columns before the image (a
 * 'shared' pair may start one column left of the leftmost window) and up
 * to the last column any pair reads, so no tap is tested. Unit horizontal
 * dilation only (a last-row pair is two neighbouring columns).
 */
export interface PairRowLayout {
  /** Zero-point columns before column 0 of the image. */
  lead: number;
  /** Columns of each row, lead included. */
  cols: number;
  /** Byte offset (in the kernel's scratch) of the interleaved rows of window rows (2j, 2j+1), j = 0, 1, …, each `cols`·4 bytes. */
  vertical: number[];
  /** Byte offset of the widened odd last window row, `cols`·2 bytes and a vector of slack (undefined: kH is even). */
  last?: number;
  /** Scratch bytes the pair rows end at. */
  end: number;
}

/** Whether a layer's taps can be read from pair rows (see PairRowLayout). */
export function takesPairRows(c: { inC: number; inW: number; depthMultiplier: number; dilationW: number }): boolean {
  return c.inC === 1 && c.depthMultiplier !== 1 && c.dilationW === 1 && c.inW >= 8;
}

/**
 * The int8 kernel's scratch, sized by the planner and addressed by the
 * emitter from this one place: a row of the zero point when windows reach
 * above or below the image, then the pair rows when the layer takes them.
 */
export function depthwiseScratch(c: ColumnGeometry & { kH: number; inC: number; paddedRows: boolean; pairRows: boolean }): { bytes: number; pairRows?: PairRowLayout } {
  const zeroRow = c.paddedRows ? c.inW * c.inC : 0;
  if (!c.pairRows) return { bytes: zeroRow };
  const pairRows = pairRowLayout(c, zeroRow);
  return { bytes: pairRows.end, pairRows };
}

/** Where the pair rows sit in scratch, after `start` bytes (the zero-point row). */
function pairRowLayout(c: ColumnGeometry & { kH: number }, start: number): PairRowLayout {
  const lead = c.padLeft + 1;
  // The last column a pair reads: the last window's one past its right edge (a 'reaching' or lone pair's partner).
  const lastRead = (c.outW - 1) * c.strideW - c.padLeft + c.kW;
  const cols = lead + Math.max(c.inW, lastRead + 1);
  const align = (n: number): number => Math.ceil(n / 16) * 16;
  let at = align(start);
  const vertical: number[] = [];
  for (let ky = 0; ky + 1 < c.kH; ky += 2) {
    vertical.push(at);
    at = align(at + cols * 4);
  }
  let last: number | undefined;
  if (c.kH % 2 === 1) {
    last = at;
    at = align(at + cols * 2 + 16);
  }
  return { lead, cols, vertical, ...(last === undefined ? {} : { last }), end: at };
}
