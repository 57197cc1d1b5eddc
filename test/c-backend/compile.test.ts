/**
 * The library's compile(): deterministic output, a deterministic tar
 * (sorted entries, mtime 0, uid/gid 0, no user names, fixed modes), a
 * manifest that hashes every other file, predicted weight bytes that match
 * the built object, arena scratch for kernels that ask for it, and a
 * `backend/unsupported-op` diagnostic for an op kind without a C kernel.
 */
import test from 'ava';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import tar from 'tar-stream';
import { sha256 } from '../../compiler/bundle/manifest.js';
import { bundleToTar } from '../../compiler/bundle/tar.js';
import { compile } from '../../compiler/compile.js';
import { emitC } from '../../compiler/emit-c/emit.js';
import { C_KERNELS, type KernelTable } from '../../compiler/emit-c/kernels/index.js';
import { lowerOps, scratchRequests } from '../../compiler/emit-c/lower.js';
import { planMemory } from '../../compiler/plan/index.js';
import { importModel } from '../../compiler/import/index.js';
import { IngotError } from '../../compiler/ir/index.js';
import { host } from '../../targets/host.js';
import { buildBundle, compileOracleModel, GCC_O2_STRICT } from '../helpers/c-bundles.js';
import { modelBytes, oracleEntry } from '../helpers/oracle.js';

const PERSON = 'tflm-person-detection__person_detect';
const load = (id: string) => importModel(modelBytes(oracleEntry(id)), id.split('__')[1]!);

test('compiling the same graph twice gives identical files', (t) => {
  const a = compile(load(PERSON)).bundle.files;
  const b = compile(load(PERSON)).bundle.files;
  t.deepEqual(a.map((f) => f.path), b.map((f) => f.path));
  a.forEach((f, i) => t.true(Buffer.from(f.bytes).equals(Buffer.from(b[i]!.bytes)), f.path));
});

test('the tar has sorted entries with mtime 0, uid/gid 0, no user names and fixed modes', async (t) => {
  const result = compileOracleModel(PERSON);
  const bytes = await bundleToTar(result.bundle);
  const extract = tar.extract();
  const headers: tar.Header[] = [];
  const reading = (async () => {
    for await (const entry of extract) {
      headers.push(entry.header);
      entry.resume();
    }
  })();
  extract.end(Buffer.from(bytes));
  await reading;
  const names = headers.map((h) => h.name);
  t.deepEqual(names, [...names].sort());
  t.true(names.includes('person_detect/') && names.includes('person_detect/src/person_detect.c'));
  for (const h of headers) {
    t.is(h.mtime?.getTime(), 0);
    t.is(h.uid, 0);
    t.is(h.gid, 0);
    t.is(h.uname, '');
    t.is(h.gname, '');
    t.is(h.mode, h.type === 'directory' ? 0o755 : 0o644);
  }
});

test('the manifest hashes every other file and says why it does not hash itself', (t) => {
  const { bundle, manifest } = compileOracleModel(PERSON);
  const others = bundle.files.filter((f) => f.path !== 'manifest.json');
  t.deepEqual(manifest.files.map((f) => f.path), others.map((f) => f.path));
  others.forEach((f, i) => t.is(manifest.files[i]!.sha256, sha256(f.bytes)));
  t.regex(manifest.note, /except manifest\.json itself/);
  t.is(manifest.tool.name, 'ingot');
  t.is(manifest.plan.arenaBytes, manifest.sizes.arenaBytes);
  t.deepEqual(manifest.inputs.map((i) => [i.dtype, i.shape]), [['i8', [1, 96, 96, 1]]]);
});

test('predicted weight bytes equal the built object file\'s', async (t) => {
  const result = compileOracleModel(PERSON);
  const build = await buildBundle(result, GCC_O2_STRICT);
  const sizes = execFileSync('size', ['-A', join(build.dir, 'build', 'person_detect_weights.o')]).toString();
  const rodata = Number(/^\.rodata\s+(\d+)/m.exec(sizes)?.[1]);
  // Arrays are padded to whole alignment units, so no gap the compiler leaves between them goes uncounted.
  t.is(rodata, result.sizes.weightsBytes);
});

test('scratch a kernel asks for is planned in the arena and passed to its call', (t) => {
  const graph = load('tflm-hello-world__hello_world_int8');
  const base = C_KERNELS.fully_connected!;
  const table: KernelTable = {
    ...C_KERNELS,
    fully_connected: {
      ...base,
      scratchBytes: () => 100,
      emit(ctx) {
        const e = base.emit(ctx);
        e.body.line('scratch[0] = 0;');
        return { ...e, params: [...e.params, { kind: 'scratch', name: 'scratch', ctype: 'int32_t' }] };
      },
    },
  };
  const lowered = lowerOps(graph, host, table);
  t.deepEqual(scratchRequests(lowered), [100, 100, 100]);
  const plan = planMemory(graph, { alignment: 16, scratch: scratchRequests(lowered), order: graph.ops.map((_, i) => i) });
  const scratch = plan.buffers.filter((b) => b.scratchFor !== undefined);
  t.is(scratch.length, 3);
  t.true(scratch.every((b) => b.bytes === 100 && b.firstStep === b.lastStep));
  const source = new TextDecoder().decode(emitC({ graph, lowered, plan, target: host, stem: 'hw' }).files.find((f) => f.path === 'src/hw.c')!.bytes);
  for (const [op, offset] of plan.scratchOffsets.entries()) t.true(source.includes(`(int32_t *)(a + ${offset!})`), `op ${op}`);
});

test('an op kind without a C kernel is backend/unsupported-op, naming the op, its index and the target', (t) => {
  const graph = load(PERSON);
  const firstConv = graph.ops.findIndex((op) => op.kind === 'conv2d');
  const e = t.throws(() => lowerOps(graph, host, { ...C_KERNELS, conv2d: undefined }), { instanceOf: IngotError });
  t.is(e?.diagnostic.code, 'backend/unsupported-op');
  t.is(e?.message, `op ${firstConv} (CONV_2D '${graph.ops[firstConv]!.name}') has no C kernel for target 'host'`);
  t.is(e?.diagnostic.opIndex, firstConv);
});

test('a kernel that cannot emit a configuration says so as backend/unsupported-op', (t) => {
  const graph = load('tflm-hello-world__hello_world_int8');
  const base = C_KERNELS.fully_connected!;
  const table: KernelTable = { ...C_KERNELS, fully_connected: { ...base, unsupported: () => 'this test configuration' } };
  const e = t.throws(() => lowerOps(graph, host, table), { instanceOf: IngotError });
  t.is(e?.diagnostic.code, 'backend/unsupported-op');
  t.is(e?.message, `op 0 (FULLY_CONNECTED '${graph.ops[0]!.name}'): the C kernel for target 'host' does not support this test configuration`);
});
