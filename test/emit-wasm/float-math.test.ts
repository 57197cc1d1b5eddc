/**
 * The wasm float helpers against JavaScript's: exp and tanh computed in f64
 * then rounded to float32 must equal Math.exp / Math.tanh rounded to float32
 * (the reference) almost everywhere and never differ by more than one
 * float32 unit; round() must round halves away from zero exactly.
 */
import { instantiateWasm } from '../helpers/wasm-instance.js';
import test from 'ava';
import { loadBinaryen, ModuleBuilder, type Expr } from '../../compiler/emit-wasm/binaryen.js';
import { expF64, roundHalfAwayF64, tanhF64 } from '../../compiler/emit-wasm/runtime/float-math.js';

type Fn = (x: number) => number;

async function helpers(): Promise<{ exp: Fn; tanh: Fn; round: Fn }> {
  const mb = new ModuleBuilder(await loadBinaryen(), false);
  mb.setMemory(1, []);
  const wrap = (name: string, make: (x: Expr) => Expr): void => {
    mb.addFunction(name, [mb.t.f64], mb.t.f64, (f) => make(f.param(0).get()));
    mb.exportFunction(name, name);
  };
  wrap('exp', (x) => expF64(mb)(x));
  wrap('tanh', (x) => tanhF64(mb)(x));
  wrap('round', (x) => roundHalfAwayF64(mb)(x));
  const bytes = mb.finish();
  mb.dispose();
  return instantiateWasm<{ exp: Fn; tanh: Fn; round: Fn }>(bytes);
}

/** Float32 values spread over [lo, hi], plus the ends. */
function samples(lo: number, hi: number, n: number): number[] {
  return Array.from({ length: n + 1 }, (_, i) => Math.fround(lo + ((hi - lo) * i) / n));
}

/** Units in the last place of float32 between a and b. */
function ulps(a: number, b: number): number {
  if (a === b) return 0;
  const buf = new Float32Array([a, b]);
  const i = new Int32Array(buf.buffer);
  return Math.abs(i[0]! - i[1]!);
}

const fns = helpers();

test('exp in f64, rounded to float32, matches Math.exp rounded to float32', async (t) => {
  const { exp } = await fns;
  let differ = 0;
  let worst = 0;
  const xs = [...samples(-110, 90, 200_000), ...samples(-1e-6, 1e-6, 2_000), 0, -0];
  for (const x of xs) {
    const d = ulps(Math.fround(exp(x)), Math.fround(Math.exp(x)));
    if (d > 0) differ++;
    worst = Math.max(worst, d);
  }
  t.true(worst <= 1, `worst difference ${worst} float32 ulps`);
  t.true(differ <= xs.length * 1e-5, `${differ} of ${xs.length} differ`);
  t.is(exp(1000), Infinity);
  t.is(exp(-1000), 0);
});

test('tanh in f64, rounded to float32, matches Math.tanh rounded to float32', async (t) => {
  const { tanh } = await fns;
  let differ = 0;
  let worst = 0;
  const xs = [...samples(-25, 25, 200_000), ...samples(-1e-4, 1e-4, 2_000), 1e-30, -1e-30];
  for (const x of xs) {
    const d = ulps(Math.fround(tanh(x)), Math.fround(Math.tanh(x)));
    if (d > 0) differ++;
    worst = Math.max(worst, d);
  }
  t.true(worst <= 1, `worst difference ${worst} float32 ulps`);
  t.true(differ <= xs.length * 1e-5, `${differ} of ${xs.length} differ`);
});

test('round() takes halves away from zero and is exact', async (t) => {
  const { round } = await fns;
  const cases: Array<[number, number]> = [[0.5, 1], [-0.5, -1], [1.5, 2], [-2.5, -3], [2.4999999, 2], [-2.5000001, -3], [0.49999997, 0], [1e9 + 0.5, 1e9 + 1], [7, 7], [-7, -7]];
  for (const [x, want] of cases) t.is(round(x), want, `round(${x})`);
});
