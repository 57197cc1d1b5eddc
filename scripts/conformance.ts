/**
 * `npm run conformance`: runs the ONNX allow-list (test/conformance/onnx-node.txt)
 * on every backend and prints how many pass per backend.
 *
 *   --all         try every test of both suites, not just the allow-list
 *   --backend B   only this backend
 *   --verbose     print each failure's reason
 *   --list-new    print passing tests missing from the allow-list (tests that fold
 *                 to constants at compile time are marked: they exercise no kernel)
 */
import { BACKENDS } from '../test/conformance/backends.js';
import { allSuiteIds, readAllowList } from '../test/conformance/onnx-suite.js';
import { runCases } from '../test/conformance/onnx-runner.js';

const args = process.argv.slice(2);
const flag = (name: string): boolean => args.includes(name);
const option = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

const allowed = readAllowList();
const ids = flag('--all') ? allSuiteIds() : allowed;
const only = option('--backend');
const backends = BACKENDS.filter((b) => only === undefined || b.name === only);
if (backends.length === 0) {
  process.stderr.write(`no backend named '${only}'; known: ${BACKENDS.map((b) => b.name).join(', ')}\n`);
  process.exit(2);
}

let failedAllowed = 0;
for (const backend of backends) {
  const started = Date.now();
  const results = await runCases(ids, backend);
  const passed = results.filter((r) => r.ok);
  for (const r of results) {
    if (!r.ok && (flag('--verbose') || allowed.includes(r.id))) process.stdout.write(`  FAIL ${r.id}: ${r.problem?.split('\n')[0]}\n`);
  }
  if (flag('--list-new')) for (const r of passed) if (!allowed.includes(r.id)) process.stdout.write(`  NEW${r.folded ? '(folded)' : ''} ${r.id}\n`);
  failedAllowed += results.filter((r) => !r.ok && allowed.includes(r.id)).length;
  const folded = passed.filter((r) => r.folded).length;
  process.stdout.write(`${backend.name}: ${passed.length}/${ids.length} ONNX tests passed${folded ? ` (${folded} of them folded to constants at compile time)` : ''} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
}
process.exitCode = failedAllowed > 0 ? 1 : 0;
