/**
 * Sub-byte packing: int4 two per byte and int2 four per byte, low bits
 * first, two's complement in each field — checked on hand-made bytes and
 * by round trips of random values.
 */
import test from 'ava';
import { packSubByte, unpackSubByte, unpackedWeights } from '../../compiler/quant/packing.js';
import { prng } from '../helpers/quant-data.js';

test('int4 packs the first value into the low nibble', (t) => {
  t.deepEqual(Array.from(packSubByte([1, -1, 7, -8], 'i4')), [0xf1, 0x87]);
  t.deepEqual(Array.from(unpackSubByte(Uint8Array.of(0xf1, 0x87), 'i4', 4)), [1, -1, 7, -8]);
});

test('int2 packs four values per byte, lowest bits first', (t) => {
  // fields 01, 11, 10, 00 from the low end: 0b00_10_11_01
  t.deepEqual(Array.from(packSubByte([1, -1, -2, 0], 'i2')), [0b00101101]);
  t.deepEqual(Array.from(unpackSubByte(Uint8Array.of(0b00101101), 'i2', 4)), [1, -1, -2, 0]);
});

test('an odd count leaves the unused high bits zero', (t) => {
  t.deepEqual(Array.from(packSubByte([-1, -1, -1], 'i4')), [0xff, 0x0f]);
  t.deepEqual(Array.from(packSubByte([-1, -1, -1, -1, -1], 'i2')), [0xff, 0x03]);
});

for (const [dtype, lo, hi] of [['i4', -8, 7], ['i2', -2, 1]] as const) {
  test(`random ${dtype} values survive a round trip`, (t) => {
    const rand = prng(dtype === 'i4' ? 4 : 2);
    for (let trial = 0; trial < 50; trial++) {
      const n = 1 + Math.floor(rand() * 300);
      const values = Array.from({ length: n }, () => lo + Math.floor(rand() * (hi - lo + 1)));
      const packed = packSubByte(values, dtype);
      t.is(packed.length, Math.ceil((n * (dtype === 'i4' ? 4 : 2)) / 8));
      t.deepEqual(Array.from(unpackSubByte(packed, dtype, n)), values);
    }
  });
}

test('values outside the field range are refused', (t) => {
  t.throws(() => packSubByte([8], 'i4'), { instanceOf: RangeError });
  t.throws(() => packSubByte([-3], 'i2'), { instanceOf: RangeError });
});

test('unpackedWeights unpacks once per constant and passes int8 through', (t) => {
  const packed = packSubByte([3, -4, 5], 'i4');
  const a = unpackedWeights(packed, 4, 3);
  t.deepEqual(Array.from(a), [3, -4, 5]);
  t.is(unpackedWeights(packed, 4, 3), a);
  const int8 = Int8Array.of(1, 2);
  t.is(unpackedWeights(int8, 8, 2), int8);
});
