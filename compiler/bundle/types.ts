/**
 * A bundle in memory: the files a backend produced, before the bundle writer
 * puts them in a folder or a deterministic .tar. Paths are relative and use
 * '/', rooted at the bundle's own folder name.
 */

export interface BundleFile {
  /** e.g. `include/person_detect.h`, relative to the bundle folder. */
  path: string;
  bytes: Uint8Array;
}

export interface Bundle {
  /** The bundle's folder name and C identifier stem. */
  name: string;
  /** Target id, e.g. `host`, `cortex-m4`, `wasm`. */
  target: string;
  files: BundleFile[];
}
