/**
 * Activation parameters and the calibration histogram: zero is always
 * exactly representable, the range covers what was observed (min/max), the
 * zero point follows TFLite's nudging, clipping methods only ever shrink the
 * range, and the growing histogram keeps counts and quantiles right.
 */
import test from 'ava';
import { asymmetricParams, chooseRange, representableRange } from '../../compiler/quant/activation-params.js';
import { ValueHistogram } from '../../compiler/quant/histogram.js';
import { prng } from '../helpers/quant-data.js';

test('zero is exact and the observed range is covered, for random ranges', (t) => {
  const rand = prng(11);
  for (let i = 0; i < 500; i++) {
    const a = (rand() - 0.7) * 10 ** (rand() * 6 - 3);
    const b = (rand() - 0.3) * 10 ** (rand() * 6 - 3);
    const r = { min: Math.min(a, b), max: Math.max(a, b) };
    const q = asymmetricParams(r);
    const s = q.scale[0]!;
    const zp = q.zeroPoint[0]!;
    t.true(Number.isInteger(zp) && zp >= -128 && zp <= 127);
    t.is(Math.fround(s), s, 'scale is a float32');
    const covered = representableRange(q);
    // Nudging the zero point moves the range by at most half a step.
    t.true(covered.min <= Math.min(0, r.min) + s / 2 + 1e-12 && covered.max >= Math.max(0, r.max) - s / 2 - 1e-12, JSON.stringify({ r, q }));
  }
});

test('TFLite nudging: relu-like ranges get zero point -128, one-sided negative ones 127, symmetric ones -1 or 0', (t) => {
  t.deepEqual(asymmetricParams({ min: 0, max: 6 }).zeroPoint, [-128]);
  // [-1, 1]: the exact zero point is -0.5 from either end; std::round takes it away from zero.
  t.deepEqual(asymmetricParams({ min: -1, max: 1 }).zeroPoint, [-1]);
  t.deepEqual(asymmetricParams({ min: -128, max: 127 }), { scale: [1], zeroPoint: [0], axis: 0 });
  t.deepEqual(asymmetricParams({ min: -3, max: 0 }).zeroPoint, [127]);
  t.deepEqual(asymmetricParams({ min: 2, max: 5 }), asymmetricParams({ min: 0, max: 5 }), 'ranges are widened to include 0');
  t.deepEqual(asymmetricParams({ min: 0, max: 0 }).scale, [1]);
});

test('the histogram keeps exact min/max and counts while its bins double', (t) => {
  const h = new ValueHistogram();
  const rand = prng(12);
  let n = 0;
  for (let k = 0; k < 20; k++) {
    const scale = 10 ** (k / 4 - 2);
    const values = Float32Array.from({ length: 1000 }, () => (rand() - 0.3) * scale);
    h.add(values);
    n += values.length;
  }
  t.is(h.count, n);
  const binned = h.bins().reduce((s, b) => s + b.count, 0);
  t.is(binned, n);
  t.true(h.max > 0 && h.min < 0);
  t.true(h.width * 1024 > Math.max(h.max, -h.min));
});

test('percentile drops a lone outlier; the mse clip cuts a long tail', (t) => {
  const rand = prng(13);
  const bulk = new ValueHistogram();
  const values = Float32Array.from({ length: 200000 }, () => rand() * 4);
  values[7] = 400;
  bulk.add(values);
  const minmax = chooseRange(bulk, 'minmax');
  t.is(minmax.max, 400);
  const p = chooseRange(bulk, 'percentile', 99.99);
  t.true(p.min === 0 && p.max > 3.5 && p.max < 10, JSON.stringify(p));

  // Exponentially distributed values: the extremes are rare, the squared error
  // of clipping them is smaller than the rounding error of a range that keeps them.
  const tail = new ValueHistogram();
  tail.add(Float32Array.from({ length: 200000 }, () => -Math.log(1 - rand())));
  const full = chooseRange(tail, 'minmax');
  const m = chooseRange(tail, 'mse');
  t.log(`exponential tail: max ${full.max.toFixed(2)}, mse clip ${m.max.toFixed(2)}`);
  t.true(m.min === 0 && m.max < 0.9 * full.max && m.max > 3, JSON.stringify(m));
});
