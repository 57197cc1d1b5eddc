/**
 * Instantiates a wasm module's bytes with no imports and returns its
 * exports, for tests and dev scripts that drive generated modules directly
 * (the project's TypeScript settings carry no DOM or WebAssembly types).
 */

/** The exports every generated module has: its memory, plus whatever functions the caller asks for. */
export type WasmExports<F> = F & { memory: { buffer: ArrayBuffer } };

export async function instantiateWasm<F = Record<string, () => void>>(bytes: Uint8Array): Promise<WasmExports<F>> {
  const wasm = (globalThis as unknown as { WebAssembly: { instantiate(b: Uint8Array): Promise<{ instance: { exports: unknown } }> } }).WebAssembly;
  return (await wasm.instantiate(bytes)).instance.exports as WasmExports<F>;
}
