/**
 * The C front end of the code-size model and its operation counts: the
 * preprocessor keeps the branch the target's compiler would, the parser
 * reads every runtime header and generated source, and the counting folds
 * what an optimising compiler folds — a helper called with literal
 * arguments loses the code those literals make dead, a one-trip loop is
 * straight code, an in-place reshape copies nothing, a kernel called once
 * is merged into its caller — while operations that remain are counted by
 * kind. Each case pairs two pieces of C that differ in one such point and
 * checks the counts differ exactly there.
 */
import test from 'ava';
import { compile } from '../../compiler/compile.js';
import { importModel } from '../../compiler/import/index.js';
import { CostCounter, type OpCounts } from '../../compiler/report/c-cost/evaluate.js';
import { Preprocessor } from '../../compiler/report/c-cost/lexer.js';
import { Parser } from '../../compiler/report/c-cost/parser.js';
import { codeFeatures, estimateCodeBytes, targetMacros } from '../../compiler/report/code-size.js';
import { optionalRuntimeFile, runtimeFiles } from '../../compiler/emit-c/runtime-files.js';
import { targetById } from '../../targets/index.js';
import { modelBytes, oracleEntry } from '../helpers/oracle.js';

const HEADERS = new Map(runtimeFiles().filter((f) => f.path.startsWith('runtime/')).map((f) => [f.path.slice('runtime/'.length), f.text]));

/** Counts of a C unit that includes the runtime headers, preprocessed as for `targetId`. */
function counts(source: string, targetId = 'cortex-m4', inlineCopyBytes = 0): OpCounts & { tableBytes: number } {
  const text = `#include "ingot_runtime.h"\n#include "ingot_fixed_point.h"\n${source}`;
  const functions = new Parser(new Preprocessor(targetMacros(targetById(targetId))).tokens(text, (n) => HEADERS.get(n))).functions();
  const counter = new CostCounter(functions.filter((f) => f.isInline), functions.filter((f) => !f.isInline), { inlineCopyBytes });
  return { ...counter.countUnit(), tableBytes: counter.tableBytes };
}

test('the preprocessor keeps the branch the compiler takes and expands function-like macros', (t) => {
  const text = '#define TWICE(x) ((x) + (x))\n#if defined(__ARM_FEATURE_DSP) && !defined(NOPE)\nint a = TWICE(3);\n#else\nint b;\n#endif\n';
  const arm = new Preprocessor({ __ARM_FEATURE_DSP: 1 }).tokens(text).map((x) => x.text).join(' ');
  const other = new Preprocessor({}).tokens(text).map((x) => x.text).join(' ');
  t.is(arm, 'int a = ( ( 3 ) + ( 3 ) ) ;');
  t.is(other, 'int b ;');
});

test('a long run of code between directives is tokenised, not a stack overflow', (t) => {
  // 300,000 tokens with no directive in between: appending them by spreading into push() overflowed V8's stack.
  const text = 'int a = 0;\n' + 'a = a + 1;\n'.repeat(50_000);
  const tokens = new Preprocessor({}).tokens(text);
  t.is(tokens.length, 5 + 6 * 50_000);
});

test('every runtime header parses, and its helpers are inline', (t) => {
  for (const id of ['cortex-m4', 'cortex-m55', 'cortex-a76', 'riscv32']) {
    const pre = new Preprocessor(targetMacros(targetById(id)));
    for (const [name, text] of HEADERS) {
      const functions = new Parser(pre.tokens(text, (n) => HEADERS.get(n))).functions();
      t.true(functions.every((f) => f.isInline), `${id}: ${name}`);
    }
  }
  const all = new Parser(new Preprocessor(targetMacros(targetById('cortex-m4'))).tokens('#include "ingot_fixed_point.h"\n', (n) => HEADERS.get(n))).functions();
  t.true(all.some((f) => f.name === 'ingot_mbqm') && all.some((f) => f.name === 'ingot_srdhm'));
});

test('the generated sources of a model parse and count for portable, DSP, Helium and NEON kernels', (t) => {
  const graph = importModel(modelBytes(oracleEntry('mlperf-tiny-kws-dscnn__kws_ref_model')), 'kws');
  const asm: number[] = [];
  for (const id of ['riscv32', 'cortex-m4', 'cortex-m55', 'cortex-a76']) {
    const target = targetById(id);
    const r = compile(graph, { target, allowOversize: true });
    const f = codeFeatures(r.bundle.files, r.manifest.name, target);
    t.true(f.mem > 0 && f.loop > 0 && f.functions >= 4, id);
    t.true(estimateCodeBytes(f, target.cost) > f.tableBytes, id);
    asm.push(f.asm);
  }
  // Only the Arm DSP and Helium kernels carry inline asm.
  t.is(asm[0], 0);
  t.true(asm[1]! > 0 && asm[2]! > 0);
});

test('a helper called with literal arguments loses what they make dead', (t) => {
  // A positive shift is a left shift: the rounding right shift of TFLite's multiplier folds away.
  const left = counts('int32_t f(int32_t x) { return ingot_mbqm(x, 1518500250, 3); }');
  const right = counts('int32_t f(int32_t x) { return ingot_mbqm(x, 1518500250, -3); }');
  t.true(left.alu < right.alu, `${left.alu} < ${right.alu}`);
  // A clamp to the full range of the value's type is no code at all.
  const clamp = counts('int32_t f(int32_t x) { return (int32_t)ingot_clamp_i64((int64_t)x, INT32_MIN, INT32_MAX); }');
  t.is(clamp.wide + clamp.alu + clamp.branch, 0);
});

test('an if on a literal keeps one branch; a one-trip loop is straight code; a zero-trip loop is nothing', (t) => {
  const fixed = counts('void f(int32_t *p) { if (2 > 1) p[0] = 1; else { p[1] = 2; p[2] = 3; } }');
  t.is(fixed.mem, 1);
  t.is(fixed.branch, 0);
  const one = counts('void f(int32_t *p) { for (int32_t i = 0; i < 1; ++i) p[i] = i; }');
  t.is(one.loop, 0);
  t.is(one.mem, 1);
  const none = counts('void f(int32_t *p) { for (int32_t i = 4; i < 4; ++i) p[i] = i; }');
  t.is(none.mem, 0);
  const many = counts('void f(int32_t *p) { for (int32_t i = 0; i < 8; ++i) p[i] = i; }');
  t.is(many.loop, 1);
});

test('a loop the compiler vectorizes counts its body, 64-bit operations apart; other loops count none', (t) => {
  const narrow = counts('void f(int8_t *p, const int8_t *q) { for (int32_t i = 0; i < 64; ++i) p[i] = (int8_t)(q[i] + 3); }');
  t.is(narrow.vectorizable, 1);
  t.true(narrow.vectorizedAlu >= 3, `${narrow.vectorizedAlu}: a load, an add, a store`);
  t.is(narrow.vectorizedWide, 0);
  const wide = counts('void f(int32_t *p, const int32_t *q) { for (int32_t i = 0; i < 64; ++i) p[i] = (int32_t)(((int64_t)q[i] * 1518500250 + (1 << 30)) >> 31); }');
  t.is(wide.vectorizable, 1);
  t.true(wide.vectorizedWide >= 3, `${wide.vectorizedWide}: a multiply, an add, a shift in 64 bits`);
  // 16 int8 lanes widen into twice the 32-bit vectors 8 int16 lanes do.
  const halves = counts('void f(int16_t *p, const int16_t *q) { for (int32_t i = 0; i < 64; ++i) p[i] = (int16_t)(q[i] + 3); }');
  t.is(narrow.vectorizedAlu - narrow.mem, 2 * (halves.vectorizedAlu - halves.mem));
  // A trip count that is not a whole number of vectors, a branch in the body, or an outer loop (its rows would
  // need a run-time alias check) keeps the loop scalar.
  const odd = counts('void f(int32_t *p, const int32_t *q) { for (int32_t i = 0; i < 63; ++i) p[i] = (int32_t)(((int64_t)q[i] * 3) >> 1); }');
  const branchy = counts('void f(int32_t *p, const int32_t *q) { for (int32_t i = 0; i < 64; ++i) { if (q[i] > p[0]) break; p[i] = q[i]; } }');
  const rows = counts('void f(int8_t *p, const int8_t *q) { for (int32_t r = 0; r < 4; ++r) for (int32_t i = 0; i < 64; ++i) p[r * 64 + i] = (int8_t)(q[i] + 3); }');
  for (const c of [odd, branchy, rows]) t.deepEqual([c.vectorizable, c.vectorizedAlu, c.vectorizedWide], [0, 0, 0]);
});

test('loop bounds bound the counter: window clamps the counter decides fold away', (t) => {
  const clamped = counts('void f(int32_t *p) { for (int32_t oy = 0; oy < 6; ++oy) { const int32_t iy = oy * 2; const int32_t k0 = iy < 0 ? -iy : 0; p[oy] = k0; } }');
  const open = counts('void f(int32_t *p, int32_t n) { for (int32_t oy = 0; oy < n; ++oy) { const int32_t iy = oy * 2 - 3; const int32_t k0 = iy < 0 ? -iy : 0; p[oy] = k0; } }');
  t.true(clamped.alu < open.alu, `${clamped.alu} < ${open.alu}`);
});

test('a kernel called once is merged into its caller, and an in-place copy folds away', (t) => {
  const kernel = 'static void copy_0(const int8_t *input, int8_t *output) { if ((const void *)output != (const void *)input) memcpy(output, input, 512); }';
  const inPlace = counts(`${kernel}\nint invoke(void *arena) { uint8_t *a = (uint8_t *)arena; copy_0((const int8_t *)(a + 64), (int8_t *)(a + 64)); return 0; }`);
  const moved = counts(`${kernel}\nint invoke(void *arena) { uint8_t *a = (uint8_t *)arena; copy_0((const int8_t *)(a + 64), (int8_t *)(a + 1024)); return 0; }`);
  t.is(inPlace.functions, 1);
  t.is(inPlace.call, 0);
  t.is(moved.call, 1);
  const shared = counts(`${kernel}\nint invoke(void *arena) { uint8_t *a = (uint8_t *)arena; copy_0((const int8_t *)a, (int8_t *)(a + 8)); copy_0((const int8_t *)a, (int8_t *)(a + 16)); return 0; }`);
  // Called twice it stays out of line: two calls to it, and its own memcpy (its pointers are unknown there).
  t.is(shared.functions, 2);
  t.is(shared.call, 3);
});

test('kernels merged into their caller after the first are counted, those kept out of line are not', (t) => {
  const kernels = (names: string[]): string => names.map((n) => `static void ${n}_0(int8_t *x) { for (int i = 0; i < 7; i++) x[i] = (int8_t)(x[i] + 1); }`).join('\n');
  const one = counts(`${kernels(['a'])}\nint invoke(int8_t *x) { a_0(x); return 0; }`);
  const three = counts(`${kernels(['a', 'b', 'c'])}\nint invoke(int8_t *x) { a_0(x); b_0(x + 8); c_0(x + 16); return 0; }`);
  const shared = counts(`${kernels(['a', 'b'])}\nint invoke(int8_t *x) { a_0(x); b_0(x + 8); b_0(x + 16); return 0; }`);
  t.is(one.merged, 0);
  t.is(three.merged, 2);
  t.is(shared.merged, 0, 'b_0 is called twice, so it stays a function; a_0 is the first merged');
  t.is(three.loop, 3 * one.loop, 'the merged kernels are still counted in full');
});

test('a short copy of a known size is expanded where the compiler does so, else called', (t) => {
  const source = 'void f(int8_t *d, const int8_t *s) { memcpy(d, s, 12); }';
  t.deepEqual([counts(source, 'cortex-m4', 64).inlineCopy, counts(source, 'cortex-m4', 64).call], [1, 0]);
  t.deepEqual([counts(source, 'cortex-m4', 8).inlineCopy, counts(source, 'cortex-m4', 8).call], [0, 1]);
  t.is(counts(source, 'cortex-m4', 64).copyBytes, 12);
});

test('operations are counted by width and kind, and repeated subexpressions once', (t) => {
  t.is(counts('int64_t f(int64_t a, int64_t b) { return a * b + 1; }').wide, 2);
  t.is(counts('float f(float a, float b) { return a * b + 1.0f; }').float, 2);
  t.is(counts('double f(double a, double b) { return a * b; }').double, 1);
  const twice = counts('float f(float a, float b) { return (a + b) < 0.0f ? 0.0f : (a + b); }');
  t.is(twice.float, 2); // one add, one compare; the select moves registers
  t.is(counts('void f(int32_t *p) { static const int32_t rq[6] = {1, 2, 3, 4, 5, 6}; p[0] = rq[p[1]]; }').tableBytes, 24);
});

test('inline asm counts its instructions, labels excluded', (t) => {
  t.is(counts('void f(void) { __asm__ volatile("1:\\n\\tsubs r0, r0, #1\\n\\tbne 1b\\n\\t" : : : "r0"); }').asm, 2);
});

test('a runtime header\'s file-scope table counts in flash when a bundle uses it, not when it only includes it', (t) => {
  const files = (kernel: string) => [
    { path: 'src/m.c', bytes: new TextEncoder().encode(`#include "ingot_int16_act.h"\nint m_run(int16_t *x) {\n${kernel}\n  return 0;\n}\n`) },
    ...[...runtimeFiles(), optionalRuntimeFile('ingot_int16_act.h')].map((f) => ({ path: f.path, bytes: new TextEncoder().encode(f.text) })),
  ];
  const target = targetById('cortex-m4');
  const using = codeFeatures(files('  x[0] = (int16_t)ingot_sigmoid_table_u16[x[1] & 255];'), 'm', target);
  const notUsing = codeFeatures(files('  x[0] = x[1];'), 'm', target);
  // TFLite's sigmoid table: 256 uint16 entries.
  t.is(using.tableBytes - notUsing.tableBytes, 512);
});
