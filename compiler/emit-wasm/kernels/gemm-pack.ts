/**
 * Row packing for the int8 matrix kernel (gemm-simd.ts): before a block of
 * rows is multiplied, each of its rows is copied into scratch widened to
 * int16 (`v128.load8x8_s`, or `_u` for uint8), so the inner loop can splat
 * any pair of a row's values with one plain load (gemm-block.ts). Each row
 * is read once per block and then serves every output channel.
 *
 * A row is K input values: a contiguous row of the input (fully connected,
 * 1x1 convolutions with stride 1), one input pixel's channels (strided 1x1
 * convolutions), or the window of one output pixel as [ky][kx][ic] (im2col)
 * where padded taps hold the input zero point, which contributes exactly
 * nothing once the folded bias is added — the same sum as the reference's
 * skipped taps. Copies go in chunks of eight values: a row takes whole
 * 16-byte chunks, and reads up to seven values past the input row (the
 * memory's guard covers the last one); past K, weights are zero. A window's
 * taps may write up to seven values past their place, which the next tap
 * or row then overwrites; after the last row, the scratch has 16 bytes of
 * slack.
 *
 * When the output width is a multiple of the block's rows, a block of
 * windows never leaves its output row: the block's coordinates take one
 * division, and one check finds whether all its windows lie inside the
 * image (then straight copies from one source pointer, no per-window
 * branches) — on vww_96_int8's first layer (3x3x3, stride 2) that is
 * about 7 % of the layer.
 */
import type { Expr, FunctionBuilder, Local } from '../binaryen.js';
import type { GemmSimdConfig, Im2colGeometry } from './gemm-simd.js';

/** Bytes between packed rows in scratch: K values as int16, rounded up to whole chunks. */
export const packedRowStride = (K: number): number => 16 * Math.ceil(K / 8);

/** Scratch bytes for `rows` packed rows (im2col windows overrun their last chunk). */
export const packedBytes = (c: Pick<GemmSimdConfig, 'K' | 'source'>, rows: number): number =>
  rows * packedRowStride(c.K) + (c.source.mode === 'im2col' ? 16 : 0);

/** Chunks copied without a loop up to this many. */
const COPY_UNROLL = 4;

/** Packs rows first … first + count − 1 (first: an expression, evaluated as needed) into scratch. */
export function packRows(f: FunctionBuilder, c: GemmSimdConfig, pIn: Local, pScratch: Local, first: () => Expr, count: number): Expr[] {
  const m = f.m;
  const s = c.source;
  const stride = packedRowStride(c.K);
  if (s.mode === 'rows') {
    const src = f.local(f.t.i32);
    return [
      src.set(m.i32.add(pIn.get(), m.i32.mul(first(), f.i32(s.rowStride)))),
      ...widenCopy(f, c, Array.from({ length: count }, (_, i) => ({ dst: i * stride, src: i * s.rowStride })), pScratch, src, c.K),
    ];
  }
  const [idx, b, oy, ox, row, dst] = f.locals(6, f.t.i32);
  const perImage = s.outH * s.outW;
  if (s.mode === 'im2col' && s.outW % count === 0) {
    // Blocks never straddle an output row here: one division for the block, then columns ox0 + i.
    const ox0 = f.local(f.t.i32);
    const eachPixel = f.block(Array.from({ length: count }, (_, i) => [
      ox.set(m.i32.add(ox0.get(), f.i32(i))),
      dst.set(m.i32.add(pScratch.get(), f.i32(i * stride))),
      buildPatch(f, c, s, pIn, dst, b, oy, ox),
    ]).flat());
    const inside = blockInside(f, c, s, pIn, pScratch, b, oy, ox0, count);
    return [
      idx.set(first()),
      b.set(m.i32.div_u(idx.get(), f.i32(perImage))),
      oy.set(m.i32.div_u(m.i32.rem_u(idx.get(), f.i32(perImage)), f.i32(s.outW))),
      ox0.set(m.i32.rem_u(idx.get(), f.i32(s.outW))),
      inside ? inside(eachPixel) : eachPixel,
    ];
  }
  return Array.from({ length: count }, (_, i) => {
    const coords = [
      idx.set(m.i32.add(first(), f.i32(i))),
      b.set(m.i32.div_u(idx.get(), f.i32(perImage))),
      oy.set(m.i32.div_u(m.i32.rem_u(idx.get(), f.i32(perImage)), f.i32(s.outW))),
      ox.set(m.i32.rem_u(idx.get(), f.i32(s.outW))),
      dst.set(m.i32.add(pScratch.get(), f.i32(i * stride))),
    ];
    if (s.mode === 'pixels') {
      const pixel = m.i32.add(m.i32.mul(m.i32.add(m.i32.mul(b.get(), f.i32(s.inH)), m.i32.mul(oy.get(), f.i32(s.strideH))), f.i32(s.inW)), m.i32.mul(ox.get(), f.i32(s.strideW)));
      return [...coords, row.set(m.i32.add(pIn.get(), m.i32.mul(pixel, f.i32(s.inC)))), ...widenCopy(f, c, [{ dst: 0, src: 0 }], dst, row, s.inC)];
    }
    return [...coords, buildPatch(f, c, s, pIn, dst, b, oy, ox)];
  }).flat();
}

/**
 * Copies `elements` int8 values widened to int16 for each (dst, src) offset
 * pair from the base pointers, eight values per chunk; a loop over chunks
 * when there are many.
 */
function widenCopy(f: FunctionBuilder, c: GemmSimdConfig, pairs: Array<{ dst: number; src: number }>, dst: Local, src: Local, elements: number): Expr[] {
  const m = f.m;
  const chunks = Math.ceil(elements / 8);
  const widened = (offset: number, ptr: Expr): Expr => (c.inputUnsigned ? m.v128.load8x8_u(offset, 1, ptr) : m.v128.load8x8_s(offset, 1, ptr));
  // Rows of a kernel that skips zero pairs are packed less the zero point (gemm-sparse.ts).
  const load = (offset: number, ptr: Expr): Expr =>
    (c.sparse ? m.i16x8.sub(widened(offset, ptr), f.splatInvariant('i16x8', c.sparse.zeroPoint)) : widened(offset, ptr));
  const chunkOf = (p: { dst: number; src: number }, j: number, d: Local, s: Local): Expr =>
    m.v128.store(p.dst + 16 * j, 1, d.get(), load(p.src + 8 * j, s.get()));
  const chunk = (j: number, d: Local, s: Local): Expr[] => pairs.map((p) => chunkOf(p, j, d, s));
  // Row by row: a window row's last chunk may spill into the next one's start, which comes after.
  if (chunks <= COPY_UNROLL) return pairs.flatMap((p) => Array.from({ length: chunks }, (_, j) => chunkOf(p, j, dst, src)));
  const [d, s, k] = f.locals(3, f.t.i32);
  return [
    d.set(dst.get()),
    s.set(src.get()),
    f.forRange(k, 0, chunks, [...chunk(0, d, s), d.set(m.i32.add(d.get(), f.i32(16))), s.set(m.i32.add(s.get(), f.i32(8)))]),
  ];
}

/** Fills `elements` int16 values at `dst` with the zero point, eight at a time. */
function fillZeroPoint(f: FunctionBuilder, dst: Expr, zeroPoint: number, elements: number): Expr {
  const m = f.m;
  const d = f.local(f.t.i32);
  const chunks = Math.ceil(elements / 8);
  const splat = (): Expr => f.splatInvariant('i16x8', zeroPoint);
  if (chunks <= COPY_UNROLL) return f.block([d.set(dst), ...Array.from({ length: chunks }, (_, j) => m.v128.store(16 * j, 1, d.get(), splat()))]);
  const k = f.local(f.t.i32);
  return f.block([d.set(dst), f.forRange(k, 0, chunks, [m.v128.store(0, 1, d.get(), splat()), d.set(m.i32.add(d.get(), f.i32(16)))])]);
}

/** The copies of a window wholly inside the image: [dst bytes, src bytes, values] from the patch and the window's first input value. */
function windowPieces(s: Im2colGeometry): Array<{ dst: number; src: number; elements: number }> {
  const rowValues = s.kW * s.inC;
  const windowRows = Array.from({ length: s.kH }, (_, ky) => ky);
  return s.dilationW === 1
    ? windowRows.map((ky) => ({ dst: 2 * ky * rowValues, src: ky * s.dilationH * s.inW * s.inC, elements: rowValues }))
    : windowRows.flatMap((ky) => Array.from({ length: s.kW }, (_, kx) =>
      ({ dst: 2 * (ky * rowValues + kx * s.inC), src: (ky * s.dilationH * s.inW + kx * s.dilationW) * s.inC, elements: s.inC })));
}

const extent = (k: number, dilation: number): number => (k - 1) * dilation + 1;

/**
 * `count` windows of one output row, `stride` bytes apart at `dst`, from
 * the window whose first input value is at (b, iy0, ix0): when all of them
 * lie inside the image (one check), straight copies from one source
 * pointer; otherwise `fallback`. Undefined when no such block fits the image.
 */
function straightWindows(f: FunctionBuilder, c: GemmSimdConfig, s: Im2colGeometry, at: { pIn: Local; dst: Local; b: Local; iy0: () => Expr; ix0: () => Expr },
  count: number, stride: number): ((fallback: Expr) => Expr) | undefined {
  const m = f.m;
  const lastY = s.inH - extent(s.kH, s.dilationH);
  const lastX = s.inW - extent(s.kW, s.dilationW) - (count - 1) * s.strideW;
  if (lastY < 0 || lastX < 0) return undefined;
  const src = f.local(f.t.i32);
  const pieces = windowPieces(s);
  const pairs = Array.from({ length: count }, (_, i) => i).flatMap((i) => pieces.map((p) => ({ dst: i * stride + p.dst, src: i * s.strideW * s.inC + p.src, elements: p.elements })));
  const copies = pairs.flatMap((p) => widenCopy(f, c, [{ dst: p.dst, src: p.src }], at.dst, src, p.elements));
  return (fallback) => m.if(m.i32.and(m.i32.le_u(at.iy0(), f.i32(lastY)), m.i32.le_u(at.ix0(), f.i32(lastX))),
    f.block([
      src.set(m.i32.add(at.pIn.get(), m.i32.mul(m.i32.add(m.i32.mul(m.i32.add(m.i32.mul(at.b.get(), f.i32(s.inH)), at.iy0()), f.i32(s.inW)), at.ix0()), f.i32(s.inC)))),
      ...copies,
    ]),
    fallback);
}

/** `count` windows of one output row from column ox0 on, straight when all lie inside the image, else `fallback` (see straightWindows). */
function blockInside(f: FunctionBuilder, c: GemmSimdConfig, s: Im2colGeometry, pIn: Local, pScratch: Local, b: Local, oy: Local, ox0: Local, count: number):
  ((fallback: Expr) => Expr) | undefined {
  const m = f.m;
  const [ix0, iy0] = f.locals(2, f.t.i32);
  const straight = straightWindows(f, c, s, { pIn, dst: pScratch, b, iy0: () => iy0.get(), ix0: () => ix0.get() }, count, packedRowStride(c.K));
  if (!straight) return undefined;
  return (fallback) => f.block([
    ix0.set(m.i32.sub(m.i32.mul(ox0.get(), f.i32(s.strideW)), f.i32(s.padLeft))),
    iy0.set(m.i32.sub(m.i32.mul(oy.get(), f.i32(s.strideH)), f.i32(s.padTop))),
    straight(fallback),
  ]);
}

/** im2col: the window of output pixel (b, oy, ox) as [ky][kx][ic] int16 values at `patch`, padded taps = zero point. */
function buildPatch(f: FunctionBuilder, c: GemmSimdConfig, s: Im2colGeometry, pIn: Local, patch: Local, b: Local, oy: Local, ox: Local): Expr {
  const m = f.m;
  const [iy, ix0, rowBase, src, dst] = f.locals(5, f.t.i32);
  const rowValues = s.kW * s.inC;
  const copy = (dstOffset: number, source: Expr, elements: number): Expr => f.block([
    dst.set(m.i32.add(patch.get(), f.i32(2 * dstOffset))),
    src.set(source),
    ...widenCopy(f, c, [{ dst: 0, src: 0 }], dst, src, elements),
  ]);
  const stmts: Expr[] = [];
  const inRow = (): Expr => m.i32.and(m.i32.ge_s(ix0.get(), f.i32(0)), m.i32.le_s(ix0.get(), f.i32(s.inW - 1 - (s.kW - 1) * s.dilationW)));
  for (let ky = 0; ky < s.kH; ky++) {
    const base = ky * rowValues;
    const taps: Expr[] = [];
    for (let kx = 0; kx < s.kW; kx++) {
      const ix = (): Expr => m.i32.add(ix0.get(), f.i32(kx * s.dilationW));
      taps.push(m.if(m.i32.lt_u(ix(), f.i32(s.inW)),
        copy(base + kx * s.inC, m.i32.add(rowBase.get(), m.i32.mul(ix(), f.i32(s.inC))), s.inC),
        fillZeroPoint(f, m.i32.add(patch.get(), f.i32(2 * (base + kx * s.inC))), s.zeroPoint, s.inC)));
    }
    // A window row wholly inside the image is one contiguous copy (without dilation).
    const whole = s.dilationW === 1 ? copy(base, m.i32.add(rowBase.get(), m.i32.mul(ix0.get(), f.i32(s.inC))), rowValues) : undefined;
    stmts.push(
      iy.set(m.i32.add(m.i32.sub(m.i32.mul(oy.get(), f.i32(s.strideH)), f.i32(s.padTop)), f.i32(ky * s.dilationH))),
      m.if(m.i32.lt_u(iy.get(), f.i32(s.inH)),
        f.block([
          rowBase.set(m.i32.add(pIn.get(), m.i32.mul(m.i32.add(m.i32.mul(b.get(), f.i32(s.inH)), iy.get()), f.i32(s.inW * s.inC)))),
          whole ? m.if(inRow(), whole, f.block(taps)) : f.block(taps),
        ]),
        fillZeroPoint(f, m.i32.add(patch.get(), f.i32(2 * base)), s.zeroPoint, rowValues)),
    );
  }
  // The whole window inside the image (most pixels): straight copies, no checks.
  const iy0 = (): Expr => m.i32.sub(m.i32.mul(oy.get(), f.i32(s.strideH)), f.i32(s.padTop));
  const straight = straightWindows(f, c, s, { pIn, dst: patch, b, iy0, ix0: () => ix0.get() }, 1, 0);
  return f.block([
    ix0.set(m.i32.sub(m.i32.mul(ox.get(), f.i32(s.strideW)), f.i32(s.padLeft))),
    straight ? straight(f.block(stmts)) : f.block(stmts),
  ]);
}
