/**
 * The device oracle tests for a list of targets, shared by the test files
 * that split the targets between ava's parallel workers: per target, every
 * device model that fits its QEMU board, all oracle cases, outputs equal to
 * TFLite Micro's (integers byte for byte, floats within the tolerance), and
 * one test pinning which models do not fit, so none drops out unnoticed.
 */
import test from 'ava';
import { targetById } from '../../targets/index.js';
import { fitsBoard } from '../../compiler/device/example-run.js';
import { compileFor, DEVICE_MODELS, runOracleOnDevice } from './device-bundles.js';

export function deviceOracleTests(targetIds: readonly string[], expectedMisfits: Readonly<Record<string, readonly string[]>> = {}): void {
  for (const id of targetIds) {
    const target = targetById(id);
    const board = target.board!;
    const fitting = DEVICE_MODELS.filter((m) => fitsBoard(compileFor(m, target).sizes, board));

    test(`${id}: the models that do not fit ${board.description} are the known ones`, (t) => {
      t.deepEqual(DEVICE_MODELS.filter((m) => !fitting.includes(m)), [...(expectedMisfits[id] ?? [])]);
    });

    for (const model of fitting) {
      test(`${id}: ${model} under QEMU matches TFLite Micro on every case`, async (t) => {
        const run = await runOracleOnDevice(model, target);
        t.true(run.cases > 0);
        t.is(run.inferencesRun, run.inferences);
        t.deepEqual(run.problems, []);
        if (board.countsInstructions) t.true(run.report.instructions > 0, 'the board counts instructions');
      });
    }
  }
}
