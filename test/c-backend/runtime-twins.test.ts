/**
 * Tables the C runtime carries as copies of the reference's, because the C
 * kernels need the data: each copy, read back from its header, must equal
 * the TypeScript table it twins (a one-entry slip would break bit-exactness
 * only on the inputs that reach that entry).
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SIGMOID_TABLE_U16 } from '../../compiler/ops/common/int16-sigmoid.js';
import { LOG_CORRECTION } from '../../compiler/ops/signal/fixed-math.js';
import { repoRoot } from '../helpers/paths.js';

/** The numbers of the initializer of array `name` in a runtime header. */
function cTable(header: string, name: string): number[] | undefined {
  const text = readFileSync(join(repoRoot, 'runtime-c', header), 'utf8');
  const body = new RegExp(`${name}\\[\\d+\\]\\s*=\\s*\\{([^}]*)\\}`).exec(text);
  return body?.[1]!.split(',').map((x) => x.trim()).filter((x) => x !== '').map((x) => Number(x.replace(/u$/i, '')));
}

for (const [header, name, table] of [
  ['ingot_int16_act.h', 'ingot_sigmoid_table_u16', SIGMOID_TABLE_U16],
  ['ingot_signal.h', 'ingot_log_correction', LOG_CORRECTION],
] as const) {
  test(`${header}'s ${name} is the reference's table`, (t) => {
    t.deepEqual(cTable(header, name), [...table]);
  });
}
