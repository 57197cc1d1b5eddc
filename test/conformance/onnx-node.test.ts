/**
 * ONNX conformance: every test on the allow-list (onnx-node.txt) passes on
 * every backend, and really runs (no allow-listed test may fold to a
 * compile-time constant). One ava test per backend and operator family keeps
 * failures readable without a test per case.
 */
import test from 'ava';
import { BACKENDS } from './backends.js';
import { runCase } from './onnx-runner.js';
import { allSuiteIds, readAllowList } from './onnx-suite.js';

const allowed = readAllowList();

/** `node/test_reduce_mean_keepdims` → `reduce`; `pytorch/test_Conv2d_groups` → `Conv2d`. */
function family(id: string): string {
  return id.split('/')[1]!.replace(/^test_/, '').split('_')[0]!;
}

const families = new Map<string, string[]>();
for (const id of allowed) families.set(family(id), [...(families.get(family(id)) ?? []), id]);

test('the allow-list names existing tests, each once, and at least 250 of them', (t) => {
  const known = new Set(allSuiteIds());
  t.deepEqual(allowed.filter((id) => !known.has(id)), []);
  t.is(new Set(allowed).size, allowed.length);
  t.true(allowed.length >= 250, `${allowed.length} tests listed`);
});

for (const backend of BACKENDS) {
  for (const [name, ids] of [...families].sort(([a], [b]) => a.localeCompare(b))) {
    test(`${backend.name}: ${name} (${ids.length} ONNX tests)`, async (t) => {
      const failures: string[] = [];
      for (const id of ids) {
        const r = await runCase(id, backend);
        if (!r.ok) failures.push(`${id}: ${r.problem}`);
        else if (r.folded) failures.push(`${id}: folded to a constant at compile time, so it exercises no kernel`);
      }
      t.deepEqual(failures, []);
    });
  }
}
