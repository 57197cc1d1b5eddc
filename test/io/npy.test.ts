/**
 * .npy reading and writing: real NumPy files from the oracle parse, and
 * every supported dtype survives a round trip byte for byte.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allocData, IngotError, type DType } from '../../compiler/ir/index.js';
import { parseNpy, serializeNpy } from '../../compiler/io/npy.js';
import { oracleDir } from '../helpers/paths.js';

test('parses NumPy-written files from the oracle', (t) => {
  const a = parseNpy(new Uint8Array(readFileSync(join(oracleDir, 'tflm-person-detection__person_detect', 'rand_0.in0.npy'))));
  t.is(a.dtype, 'i8');
  t.deepEqual(a.shape, [1, 96, 96, 1]);
  t.is(a.data.length, 96 * 96);
  const f = parseNpy(new Uint8Array(readFileSync(join(oracleDir, 'tflm-hello-world__hello_world_float', 'rand_0.out0.npy'))));
  t.is(f.dtype, 'f32');
  const s = parseNpy(new Uint8Array(readFileSync(join(oracleDir, 'tflm-seanet-layer-tests__add0', 'rand_0.in0.npy'))));
  t.is(s.dtype, 'i16');
});

test('round-trips every dtype the CLI accepts', (t) => {
  const dtypes: DType[] = ['i8', 'u8', 'i16', 'i32', 'f32'];
  for (const dtype of dtypes) {
    const data = allocData(dtype, 6);
    for (let i = 0; i < 6; i++) (data as Int32Array)[i] = (i * 37) % 100 - 50;
    const back = parseNpy(serializeNpy({ dtype, shape: [2, 3], data }));
    t.is(back.dtype, dtype);
    t.deepEqual(back.shape, [2, 3]);
    t.deepEqual(Array.from(back.data as Int32Array), Array.from(data as Int32Array));
  }
  const scalarLike = parseNpy(serializeNpy({ dtype: 'i8', shape: [5], data: new Int8Array(5) }));
  t.deepEqual(scalarLike.shape, [5]);
});

test('rejects what it cannot read with a diagnostic', (t) => {
  const err = t.throws(() => parseNpy(new Uint8Array([1, 2, 3])), { instanceOf: IngotError });
  t.is(err.code, 'npy/invalid');
  const f64 = serializeNpy({ dtype: 'f32', shape: [1], data: new Float32Array(1) });
  const text = new TextDecoder('latin1').decode(f64).replace("'<f4'", "'<f8'");
  const bytes = Uint8Array.from(text, (c) => c.charCodeAt(0));
  t.is(t.throws(() => parseNpy(bytes), { instanceOf: IngotError }).code, 'npy/unsupported-dtype');
});
