/**
 * Lists the SIMD requantization form of each int8 conv, depthwise conv and
 * fully connected layer of oracle models: float rounding, high-word (with
 * its scale kind), short or general, the common right shift, and how many channels are
 * fitted lanes (simd-requant-fit.ts) with their right shifts — to see which
 * layers fitting moves to the high-word form.
 *
 *   node dist/scripts/dev/requant-forms.js MODEL_ID…
 *
 * MODEL_ID is an oracle id or a unique part of one (e.g. `vww_96_int8`).
 */
import { importModel } from '../../compiler/import/index.js';
import { modelBytes, oracleEntry, oracleIndex } from '../../test/helpers/oracle.js';
import { opOutputStages } from '../../test/helpers/output-stages.js';
import { formatTable } from '../bench/section.js';

function report(id: string): void {
  const graph = importModel(modelBytes(oracleEntry(id)), id.split('__')[1] ?? id);
  const started = performance.now();
  const stages = opOutputStages(graph);
  const ms = performance.now() - started;
  const seen = new Map<string, number>();
  const rows = stages.map(({ op, prepared, stage }) => {
    // Named as the profile names steps: kind and its count so far.
    const name = `${op.kind}_${seen.get(op.kind) ?? 0}`;
    seen.set(op.kind, (seen.get(op.kind) ?? 0) + 1);
    const rq = stage.rq;
    const form = rq.floatRounding ? 'float rounding' : rq.high ? `high-word (${rq.high.scale.kind}${rq.high.scale.kind === 'folded' && rq.high.scale.shift ? ` << ${rq.high.scale.shift}` : ''})` : rq.short ? 'short' : 'general';
    const fitted = stage.fittedChannels ?? [];
    const channels = prepared.shifts.length === 1 ? '' : String(prepared.shifts.length);
    const shifts = [...new Set(fitted.map((c) => -prepared.shifts[c]!))].sort((a, b) => a - b);
    return [name, channels, form, String(rq.emax), String(fitted.length), shifts.join(' ')];
  });
  process.stdout.write(`\n${id}: output stages built in ${ms.toFixed(0)} ms\n`);
  for (const line of formatTable(['op', 'channels', 'form', 'E', 'fitted', 'fitted right shifts'], rows)) process.stdout.write(line + '\n');
}

function main(argv: string[]): number {
  for (const q of argv) report(oracleIndex().find((e) => e.id === q || e.id.includes(q))?.id ?? q);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
