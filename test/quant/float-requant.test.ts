/**
 * ONNX's float requantization: round half to even (like np.rint and the
 * FPU's default mode), float32 products, saturation — checked against
 * float32 arithmetic done through a Float32Array, on ties and random values.
 */
import test from 'ava';
import { onnxRequantScales, quantizeLinear, requantizeFloat, roundHalfEven } from '../../compiler/quant/float-requant.js';

test('roundHalfEven sends ties to the even neighbour, everything else to the nearest', (t) => {
  const cases: Array<[number, number]> = [[0.5, 0], [1.5, 2], [2.5, 2], [-0.5, 0], [-1.5, -2], [-2.5, -2], [2.4999, 2], [2.5001, 3], [-3.5, -4], [1e9 + 0.5, 1e9], [7, 7]];
  for (const [x, want] of cases) t.is(roundHalfEven(x) + 0, want, `${x}`);
});

test('requantizeFloat is float32(acc) · scale in float32, rounded half to even, offset and saturated', (t) => {
  const f = new Float32Array(3);
  let seed = 7;
  const next = (): number => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  for (let i = 0; i < 20000; i++) {
    const acc = Math.floor((next() - 0.5) * 2 ** 26);
    const scale = Math.fround(next() * 1e-3);
    f[0] = acc;
    f[1] = scale;
    f[2] = f[0]! * f[1]!;
    const want = Math.min(127, Math.max(-128, roundHalfEven(f[2]!) - 3));
    t.is(requantizeFloat(acc, scale, -3, -128, 127), want);
  }
});

test('onnxRequantScales computes float32(float32(s_in · s_w) / s_out) per channel', (t) => {
  const [a, b] = onnxRequantScales(0.1, [0.2, 0.3], 0.7, 2);
  t.is(a, Math.fround(Math.fround(Math.fround(0.1) * Math.fround(0.2)) / Math.fround(0.7)));
  t.is(b, Math.fround(Math.fround(Math.fround(0.1) * Math.fround(0.3)) / Math.fround(0.7)));
  t.deepEqual(onnxRequantScales(0.1, [0.2], 0.7, 5).length, 1);
});

test('quantizeLinear divides in float32, rounds half to even and saturates (NaN → zero point)', (t) => {
  t.is(quantizeLinear(2.5, 1, 0, -128, 127), 2);
  t.is(quantizeLinear(3.5, 1, 0, -128, 127), 4);
  t.is(quantizeLinear(1000, 0.5, 10, -128, 127), 127);
  t.is(quantizeLinear(-1000, 0.5, 10, 0, 255), 0);
  t.is(quantizeLinear(Math.fround(0.3), Math.fround(0.1), 0, -128, 127), roundHalfEven(Math.fround(Math.fround(0.3) / Math.fround(0.1))));
  t.is(quantizeLinear(Number.NaN, 1, 5, -128, 127), 5);
});
