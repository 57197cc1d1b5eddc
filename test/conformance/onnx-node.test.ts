/**
 * ONNX conformance: every test on the allow-list (onnx-node.txt) passes on
 * every backend, and really runs (no allow-listed test may fold to a
 * compile-time constant). One ava test per backend and operator family keeps
 * failures readable without a test per case. A backend that runs cases in
 * batches (the C backend builds a few programs for all of them) runs the
 * whole list once, and each family's test checks its share.
 */
import test from 'ava';
import { BACKENDS } from './backends.js';
import { runCases, type CaseResult, type ConformanceBackend } from './onnx-runner.js';
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

/** The results of `ids` on a backend: batched backends run the whole allow-list once and share it. */
const batches = new Map<string, Promise<Map<string, CaseResult>>>();
async function resultsFor(backend: ConformanceBackend, ids: readonly string[]): Promise<CaseResult[]> {
  if (!backend.runMany) return runCases(ids, backend);
  let all = batches.get(backend.name);
  if (all === undefined) {
    all = runCases(allowed, backend).then((rs) => new Map(rs.map((r) => [r.id, r])));
    batches.set(backend.name, all);
  }
  const byId = await all;
  return ids.map((id) => byId.get(id)!);
}

for (const backend of BACKENDS) {
  for (const [name, ids] of [...families].sort(([a], [b]) => a.localeCompare(b))) {
    test(`${backend.name}: ${name} (${ids.length} ONNX tests)`, async (t) => {
      const failures: string[] = [];
      for (const r of await resultsFor(backend, ids)) {
        if (!r.ok) failures.push(`${r.id}: ${r.problem}`);
        else if (r.folded) failures.push(`${r.id}: folded to a constant at compile time, so it exercises no kernel`);
      }
      t.deepEqual(failures, []);
    });
  }
}
