/**
 * Every device target's test board, end to end: a program built with the
 * target's cross compiler and the board-support files reads a file from the
 * host, writes one back, reports its exit status, and counts instructions
 * exactly (within one counter tick) under QEMU's -icount.
 */
import test from 'ava';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBoardProgram } from '../../compiler/device/build.js';
import { runOnBoard } from '../../compiler/device/run.js';
import { TARGETS, type Target, type TestBoard } from '../../targets/index.js';

const cacheDir = mkdtempSync(join(tmpdir(), 'ingot-boards-'));
const NOPS = 20000;

const PROGRAM = `
#include <stdint.h>
#include "ingot_board.h"
static unsigned char buf[64];
/* Out of line, so no literal pool has to reach across the nops. */
__attribute__((noinline)) static void nops(void) {
  __asm__ volatile(".rept ${NOPS}\\n\\tnop\\n\\t.endr");
}
int main(void) {
  long n = ingot_board_read_file("in.bin", buf, sizeof buf);
  if (n != 16) return 9;
  for (int i = 0; i < 16; i++) buf[i] ^= 0x20;
  if (ingot_board_write_file("out.bin", buf, 16) != 0) return 8;
  ingot_count_start();
  nops();
  uint64_t count = ingot_count_stop();
  char text[24];
  ingot_board_print("nops ");
  ingot_board_print(ingot_board_format_u64(text, count));
  ingot_board_print("\\n");
  return 3;
}
`;

const boards: Array<[Target, TestBoard, string]> = TARGETS.flatMap((t) => [
  ...(t.board ? [[t, t.board, 'board'] as [Target, TestBoard, string]] : []),
  ...(t.countingBoard ? [[t, t.countingBoard, 'counting board'] as [Target, TestBoard, string]] : []),
]);

test('every device target has a test board', (t) => {
  t.deepEqual(TARGETS.filter((x) => !x.hosted && !x.board).map((x) => x.id), []);
});

for (const [target, board, role] of boards) {
  test(`${target.id} ${role}: file I/O, exit status${board.countsInstructions ? ' and exact instruction counts' : ''}`, async (t) => {
    const { elf } = await buildBoardProgram(target, board, [{ path: 'main.c', text: PROGRAM }], { cacheDir });
    const input = new TextEncoder().encode('0123456789abcdef');
    const r = await runOnBoard(board, elf, { inputs: { 'in.bin': input }, outputs: ['out.bin'], timeoutMs: 60_000 });
    t.is(r.status, 3, r.console);
    t.deepEqual(Array.from(r.outputs['out.bin'] ?? []), Array.from(input, (b) => b ^ 0x20));
    const count = Number(/nops (\d+)/.exec(r.console)?.[1]);
    if (board.countsInstructions) {
      // One counter tick is at most 63 instructions (micro:bit's 16 MHz SysTick); the counter's own reads add a few.
      t.true(Math.abs(count - NOPS) <= 64, `counted ${count} for ${NOPS} nops`);
    } else {
      t.is(count, 0);
    }
  });
}
