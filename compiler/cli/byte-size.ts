/**
 * The byte budgets of the command line (`--max-flash`, `--max-ram`): a
 * whole number of bytes, or of KiB / MiB with a `k` / `M` suffix (`256k`,
 * `1M`, `64KiB`), as parts are specified. Anything else is a usage error
 * that repeats what was given.
 */
import { UsageError } from './usage-error.js';

const UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 * 1024 };

export function parseByteSize(value: unknown, flag: string): number {
  const text = String(value).trim();
  const m = /^(\d+)\s*(?:([kKmM])(?:i?[bB])?|[bB])?$/.exec(text);
  const bytes = m ? Number(m[1]) * UNITS[(m[2] ?? '').toLowerCase()]! : NaN;
  if (!Number.isSafeInteger(bytes) || bytes <= 0) {
    throw new UsageError(`${flag} '${text}' is not a size in bytes: give a positive whole number of bytes, or KiB / MiB as 256k or 1M`);
  }
  return bytes;
}

/** A yargs option for a byte budget, parsed when the command line is read. */
export const byteSizeOption = (flag: string, describe: string) =>
  ({ type: 'string', describe: `${describe} (bytes, or 256k / 1M)`, coerce: (v: unknown) => (v === undefined ? undefined : parseByteSize(v, flag)) }) as const;
