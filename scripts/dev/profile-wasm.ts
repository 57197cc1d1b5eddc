/**
 * Per-layer latency profile of oracle models as WebAssembly in Node, for
 * kernel work: each step of the SIMD (or plain) module is exported and timed
 * on its own (fastest.ts: the fastest of many blocks of calls; the arena
 * holds the real activations of the oracle's first case), beside its MACs and the
 * multiply-accumulates per nanosecond it reaches.
 *
 *   node dist/scripts/dev/profile-wasm.js [--plain] MODEL_ID…
 *
 * MODEL_ID is an oracle id or a unique part of one (e.g. `person_detect`).
 */
import { emitWasmModules } from '../../compiler/emit-wasm/emit.js';
import { importModel } from '../../compiler/import/index.js';
import { OPS } from '../../compiler/ops/registry.js';
import { modelBytes, oracleCases, oracleEntry, oracleIndex } from '../../test/helpers/oracle.js';
import { instantiateWasm } from '../../test/helpers/wasm-instance.js';
import { formatTable, thousands } from '../bench/section.js';
import { fastestMs } from './fastest.js';


async function profile(id: string, simd: boolean): Promise<void> {
  const graph = importModel(modelBytes(oracleEntry(id)), id.split('__')[1] ?? id);
  const emitted = await emitWasmModules(graph, { builds: [simd], stepExports: true });
  const mod = emitted.modules[0]!;
  const ex = await instantiateWasm(mod.bytes);
  const input = oracleCases(id)[0]!.inputs[0]!.data;
  const inputAt = emitted.layout.tensorAddress[graph.inputs[0]!]!;
  const order = emitted.plan.order;
  // Fill the arena with real activations once, then time each step in place (steps that
  // overwrite their own input still see realistic data ranges).
  new Uint8Array(ex.memory.buffer, inputAt, input.byteLength).set(new Uint8Array(input.buffer, input.byteOffset, input.byteLength));
  ex.run!();
  let total = 0;
  const rows = order.map((opIndex, k) => {
    const ms = fastestMs(ex[`step_${k}`]!);
    total += ms;
    const op = graph.ops[opIndex]!;
    const macs = OPS[op.kind].cost(op as never, graph).macs;
    const shape = graph.tensors[op.outputs[0]!]!.shape.join('x');
    return [String(k), op.kind, mod.functions[k]!, shape, thousands(macs), (ms * 1000).toFixed(1), macs > 0 ? (macs / (ms * 1e6)).toFixed(2) : ''];
  });
  process.stdout.write(`\n${id} (${simd ? 'SIMD' : 'plain'}): sum of steps ${(total * 1000).toFixed(1)} µs\n`);
  for (const line of formatTable(['step', 'op', 'function', 'output', 'MACs', 'µs', 'MAC/ns'], rows)) process.stdout.write(line + '\n');
}

async function main(argv: string[]): Promise<number> {
  const simd = !argv.includes('--plain');
  const ids = argv.filter((a) => !a.startsWith('--')).map((q) => oracleIndex().find((e) => e.id === q || e.id.includes(q))?.id ?? q);
  for (const id of ids) await profile(id, simd);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
