/**
 * Measured sizes from built objects and ELFs, with the target's own size
 * tool (`<size> -A`, one line per section). Sections are sorted into four
 * classes: code (.text), read-only data (.rodata, .srodata, unwind tables),
 * initialised data (.data, .sdata: RAM, with a load image in flash) and
 * zero-initialised data (.bss, .sbss). Sections that take no memory on the
 * device (.comment, notes, attributes, debug info, the stack and heap
 * reservations of a linked program) are left out.
 */
import { execFile } from 'node:child_process';
import { fail } from '../ir/index.js';

export interface SectionSizes {
  text: number;
  rodata: number;
  data: number;
  bss: number;
}

/** Flash a set of sections occupies: code, constants and the load image of .data. */
export const flashOf = (s: SectionSizes): number => s.text + s.rodata + s.data;
/** Static RAM a set of sections occupies (the arena and stack come on top). */
export const staticRamOf = (s: SectionSizes): number => s.data + s.bss;

const CLASSES: ReadonlyArray<[RegExp, keyof SectionSizes | undefined]> = [
  [/^\.(comment|note|debug|ARM\.attributes|riscv\.attributes|gnu|stack|heap|symtab|strtab|shstrtab)/, undefined],
  [/^\.(text|init|fini|isr_vector|glue|plt|iplt)/, 'text'],
  [/^\.(rodata|srodata|eh_frame|ARM\.ex|gcc_except_table|init_array|fini_array|preinit_array|got|rela|rel\.)/, 'rodata'],
  [/^\.(data|sdata|tdata)/, 'data'],
  [/^\.(bss|sbss|tbss)/, 'bss'],
];

/** The class of a section name, or undefined for sections that take no device memory. */
export function sectionClass(name: string): keyof SectionSizes | undefined {
  for (const [re, cls] of CLASSES) if (re.test(name)) return cls;
  return undefined;
}

/** Parses `size -A` output of one or more files into per-file section classes. */
export function parseSizeA(output: string): Map<string, SectionSizes> {
  const files = new Map<string, SectionSizes>();
  let current: SectionSizes | undefined;
  for (const line of output.split('\n')) {
    const head = /^(\S.*?)\s+:\s*$/.exec(line);
    if (head) {
      current = { text: 0, rodata: 0, data: 0, bss: 0 };
      // Archive members print as "member (ex archive)"; keep the member name.
      files.set(head[1]!.replace(/\s+\(ex .*\)$/, ''), current);
      continue;
    }
    const row = /^(\.\S+)\s+(\d+)\s+\d+/.exec(line);
    if (!row || current === undefined) continue;
    const cls = sectionClass(row[1]!);
    if (cls !== undefined) current[cls] += Number(row[2]);
  }
  return files;
}

/** Sums section classes. */
export function addSizes(list: Iterable<SectionSizes>): SectionSizes {
  const total = { text: 0, rodata: 0, data: 0, bss: 0 };
  for (const s of list) {
    total.text += s.text;
    total.rodata += s.rodata;
    total.data += s.data;
    total.bss += s.bss;
  }
  return total;
}

/** Runs `sizeTool -A` on the files and returns each file's section classes. */
export async function measureSections(sizeTool: string, files: readonly string[]): Promise<Map<string, SectionSizes>> {
  const r = await new Promise<{ code: number | string; stdout: string; stderr: string }>((resolve) => {
    execFile(sizeTool, ['-A', ...files], { maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as NodeJS.ErrnoException).code ?? 1) : 0, stdout, stderr });
    });
  });
  if (r.code === 'ENOENT') fail('build/no-compiler', `${sizeTool} was not found, so sizes cannot be measured here`, { hint: 'run scripts/install-toolchains.sh' });
  if (r.code !== 0) fail('build/failed', `${sizeTool} -A failed: ${r.stderr.trim().split('\n')[0] ?? ''}`);
  return parseSizeA(r.stdout);
}
