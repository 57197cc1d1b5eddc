/**
 * The loops of one function's machine code, for the development tools that
 * show what an engine made of a kernel (wasm-code.ts for Node,
 * chromium-code.ts for Chromium): every backward jump closes a loop, and
 * each loop of at least MIN_LOOP instructions (the kernel bodies, not the
 * bookkeeping around them) is listed with its instruction mix — loads,
 * spills to and reloads from the stack, shuffles, multiplies.
 */

/** One instruction of a listing: offset in the function, text, mnemonic, and a jump's target offset. */
export interface Instruction {
  offset: number;
  text: string;
  mnemonic: string;
  target?: number;
}

export const MIN_LOOP = 40;

/** Mnemonic counts, with stack traffic (frame-relative operands) counted apart. */
export function mix(body: readonly Instruction[]): string {
  const counts = new Map<string, number>();
  for (const ins of body) {
    const key = /\[rbp[-+]/.test(ins.text) ? `${ins.mnemonic}(stack)` : ins.mnemonic;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ');
}

/** The report's lines: each loop's extent, size and mix, and with `asm` its instructions. */
export function loopReport(code: readonly Instruction[], asm: boolean): string[] {
  const lines: string[] = [];
  for (const jump of code) {
    if (!jump.mnemonic.startsWith('j') || jump.target === undefined || jump.target >= jump.offset) continue;
    const start = jump.target;
    const body = code.filter((ins) => ins.offset >= start && ins.offset <= jump.offset);
    if (body.length < MIN_LOOP) continue;
    lines.push('', `loop +0x${start.toString(16)}…+0x${jump.offset.toString(16)}: ${body.length} instructions`, `  ${mix(body)}`);
    if (asm) lines.push(...body.map((ins) => `    ${ins.text}`));
  }
  return lines;
}
