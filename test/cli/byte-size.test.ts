/**
 * Byte budgets on the command line: bytes, or KiB / MiB with a suffix, and
 * a usage error that repeats anything else.
 */
import test from 'ava';
import { parseByteSize } from '../../compiler/cli/byte-size.js';
import { UsageError } from '../../compiler/cli/usage-error.js';

test('byte budgets take bytes, k and M (binary) suffixes', (t) => {
  const cases: Array<[string | number, number]> = [
    ['262144', 262144], [3000, 3000], ['256k', 262144], ['256K', 262144], ['64KiB', 65536], ['64kb', 65536], ['1M', 1048576], ['2MiB', 2097152], ['100B', 100], [' 12 ', 12],
  ];
  for (const [text, bytes] of cases) t.is(parseByteSize(text, '--max-flash'), bytes, String(text));
});

test('anything else is a usage error naming the flag and the text given', (t) => {
  for (const text of ['abc', '0', '-5', '1.5', '2G', 'k', '', '1e6', 'NaN']) {
    const e = t.throws(() => parseByteSize(text, '--max-ram'), { instanceOf: UsageError }, text);
    t.is(e?.message, `--max-ram '${text}' is not a size in bytes: give a positive whole number of bytes, or KiB / MiB as 256k or 1M`);
  }
});
