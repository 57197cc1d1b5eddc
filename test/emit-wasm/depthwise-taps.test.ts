/**
 * The depthwise kernel's column plan (depthwise-taps.ts) over a grid of row
 * geometries: the steps cover every output column once, in order; the
 * interior loop's windows lie inside the image; and the loop never reads
 * past the image, even with the reaching last row's extra column — a tap of
 * weight zero, so a read past the row would not change any output byte and
 * only this check can catch it.
 */
import test from 'ava';
import { columnSteps, interiorColumns, lastRowPairing, overReadColumns, type ColumnGeometry } from '../../compiler/emit-wasm/kernels/depthwise-taps.js';

function* geometries(): Generator<ColumnGeometry> {
  for (const kW of [1, 2, 3, 5]) {
    for (const strideW of [1, 2, 3]) {
      for (const dilationW of [1, 2]) {
        for (let inW = 1; inW <= 40; inW++) {
          const span = (kW - 1) * dilationW + 1;
          for (const [padLeft, padRight] of [[0, 0], [(span - 1) >> 1, span >> 1], [0, 1], [1, 1], [2, 2]] as const) {
            const outW = Math.floor((inW + padLeft + padRight - span) / strideW) + 1;
            if (outW >= 1) yield { inW, outW, kW, strideW, dilationW, padLeft };
          }
        }
      }
    }
  }
}

test('column steps cover each output column once, and loop steps read inside the image', (t) => {
  let loops = 0;
  let shortened = 0;
  for (const g of geometries()) {
    const overRead = overReadColumns(lastRowPairing(3, g.kW, g.strideW, g.dilationW));
    const steps = columnSteps(g, 2, 6, overRead);
    const covered: number[] = [];
    for (const s of steps) {
      if ('at' in s) {
        for (let p = 0; p < s.pixels; p++) covered.push(s.at + p);
        continue;
      }
      loops++;
      t.is((s.to - s.from) % s.pixels, 0, `${JSON.stringify(g)}: whole steps`);
      for (let ox = s.from; ox < s.to; ox++) {
        covered.push(ox);
        const first = ox * g.strideW - g.padLeft;
        const last = first + (g.kW - 1) * g.dilationW + (ox === s.to - 1 ? overRead : 0);
        if (first < 0 || last >= g.inW) {
          t.fail(`${JSON.stringify(g)}: loop column ${ox} reads input columns ${first}…${last}`);
          return;
        }
      }
      if (overRead > 0 && s.to < interiorColumns(g).start + Math.floor((interiorColumns(g).end - interiorColumns(g).start) / s.pixels) * s.pixels) shortened++;
    }
    t.deepEqual(covered, Array.from({ length: g.outW }, (_, i) => i), `${JSON.stringify(g)}: every column once, in order`);
  }
  t.true(loops > 100, 'the grid reaches the interior loop');
  t.true(shortened > 0, 'the grid reaches loops shortened for the reaching last row');
});
