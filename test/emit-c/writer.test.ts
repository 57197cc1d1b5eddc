/**
 * The escaping that keeps model-supplied names out of the generated code's
 * syntax: checked by construction (no comment terminator, newline or
 * trigraph survives) and by compiling a C program (C99, so trigraphs are
 * live) whose comments and string literals hold hostile and random text,
 * then checking the strings come out byte for byte.
 */
import test from 'ava';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cIdentifier, commentText, cString, CWriter } from '../../compiler/emit-c/writer.js';
import { scratchDir } from '../helpers/scratch.js';

const HOSTILE = [
  '*/ int injected = 1; /*',
  '"); int injected2 = 2; ("',
  'ends with a backslash \\',
  'two\nlines\r\n',
  '??/ trigraph ??= ??( ??) ??! ??< ??> ??\' ??-',
  'nul\0byte',
  'tab\tand\u2028line separator',
  'ünïcödé ✓ 😀',
  '/* nested */ */ /*',
  '\\x41\\101 not escapes',
  '?',
  '',
];

function randomStrings(n: number): string[] {
  let s = 12345;
  const next = (): number => ((s = (s * 1103515245 + 12345) >>> 0) >>> 8) & 0xffff;
  return Array.from({ length: n }, () => String.fromCodePoint(...Array.from({ length: next() % 24 }, () => {
    const c = next() % 0x3000;
    return c >= 0xd800 && c < 0xe000 ? 0x3f : c;
  })));
}

test('comment text cannot end the comment, break the line or form a trigraph', (t) => {
  for (const s of [...HOSTILE, ...randomStrings(500)]) {
    const c = commentText(s);
    t.false(c.includes('*/'), c);
    t.false(c.includes('/*'), c);
    t.false(c.includes('??'), c);
    t.false(/[\n\r\u2028\u2029]/.test(c), c);
    t.true(/^[\x20-\x7e]*$/.test(c), c);
  }
});

test('identifiers keep only lower-case letters, digits and underscores, starting with a letter', (t) => {
  t.is(cIdentifier('Person Detect.v2'), 'person_detect_v2');
  t.is(cIdentifier('2nd-model'), 'model_2nd_model');
  t.is(cIdentifier('*/"\\\n'), 'model');
  for (const s of [...HOSTILE, ...randomStrings(200)]) t.regex(cIdentifier(s), /^[a-z][a-z0-9_]*$/);
});

test('hostile and random text in comments and string literals compiles and prints back unchanged', (t) => {
  const strings = [...HOSTILE, ...randomStrings(300)];
  const w = new CWriter();
  w.line('#include <stdio.h>');
  w.block('int main(void)', () => {
    strings.forEach((s) => {
      w.comment(s);
      w.line(`{ static const char s[] = ${cString(s)}; fwrite(s, 1, sizeof s - 1, stdout); putchar(0); }`);
    });
    w.line('return 0;');
  });
  const dir = scratchDir('ingot-escape-');
  writeFileSync(join(dir, 'p.c'), w.toString());
  execFileSync('gcc', ['-std=c99', '-Wall', '-Wextra', '-Werror', '-pedantic', '-Wtrigraphs', join(dir, 'p.c'), '-o', join(dir, 'p')]);
  const out = execFileSync(join(dir, 'p'));
  const expected = Buffer.concat(strings.map((s) => Buffer.concat([Buffer.from(s, 'utf8'), Buffer.from([0])])));
  t.true(out.equals(expected));
});
