/**
 * A compilation target as data: what the chip is, how big a typical part is,
 * how to build and run code for it, and the numbers the cost model uses.
 *
 * Backends read a target instead of branching on its id: `backend` says
 * which emitter compiles for it (C, or WebAssembly through binaryen),
 * alignment decides the memory plan and the weight arrays, the toolchain
 * fills a C bundle's Makefile, features select specialised kernels (when a
 * target has them), and `hosted` says whether a bundle runs on this machine.
 */
import type { OpCounts } from '../compiler/report/c-cost/evaluate.js';

/** Instruction-set features that kernels may specialise on. */
export type TargetFeature = 'fpu' | 'dsp' | 'mve' | 'neon' | 'dotprod' | 'sse4.1' | 'avx2' | 'simd128';

/** How to build C for the target. */
export interface Toolchain {
  /** The C compiler command, e.g. `gcc` or `arm-none-eabi-gcc`. */
  cc: string;
  /** Flags every build uses (optimisation, CPU selection, float ABI). */
  cflags: string[];
  /** Extra link flags (specs files, linker scripts). */
  ldflags: string[];
  /** The archiver that builds the static library. */
  ar: string;
  /** The size tool that measures .text/.data/.bss of a built object or ELF. */
  size: string;
  /** For the bundle's CMake toolchain file (cross compilers only): CMAKE_SYSTEM_NAME and CMAKE_SYSTEM_PROCESSOR. */
  cmakeSystem?: { name: 'Generic' | 'Linux'; processor: string };
}

/**
 * Bytes of machine code per operation of each kind the code-size model
 * counts (`OpCounts`, compiler/report/c-cost/evaluate.ts), plus a fixed base.
 */
export interface CodeCosts extends OpCounts {
  /** The largest memcpy/memset of a known size the target's compiler expands inline (measured by the calibration). */
  inlineCopyBytes: number;
  base: number;
}

/**
 * The figures of the stack estimate (compiler/report/stack-size.ts), measured
 * by scripts/dev/calibrate-sizes.ts on the target's measuring board.
 */
export interface StackCosts {
  /** The deepest stack any calibration bundle used: the figure for kernels not listed. */
  bytes: number;
  /** The least any bundle uses (the call sequence itself). */
  least: number;
  /** Bytes each kernel function past the first adds, up to the bound `nested` sets. */
  perFunction: number;
  /**
   * What a bundle of several kernel functions used at most beyond its two
   * deepest functions' figures together (negative when always less): the
   * further functions add at most the second's figure plus this.
   */
  nested: number;
  /** The deepest stack of each kernel and element type alone, by `<kernel>:<dtype>`. */
  kernels: Record<string, number>;
}

/** Numbers the latency and size estimates start from (rough, per target). */
export interface CostModel {
  /** Cycles per multiply-accumulate in the portable integer kernels. */
  cyclesPerMac: number;
  /** Cycles per byte moved by data-movement kernels. */
  cyclesPerByte: number;
  /** Fixed cycles per layer call (loop set-up, requantization tables). */
  cyclesPerLayer: number;
  /**
   * Code-size model (compiler/report/code-size.ts): bytes per operation the
   * generated C leaves after constant folding, by kind, fitted to objects
   * built with the target's toolchain by scripts/dev/calibrate-sizes.ts.
   * Constant tables are counted exactly on top.
   */
  code: CodeCosts;
  /** Stack `<model>_invoke` needs (compiler/report/stack-size.ts), measured on the test board per kernel. */
  stack: StackCosts;
}

/**
 * The emulated test board a device target's programs run on here: the
 * board-support files linked into test and benchmark programs, how to
 * build and start them, and what the board can hold. Bundles themselves
 * never include any of it.
 */
export interface TestBoard {
  /** What the board is, e.g. `QEMU mps2-an386 (Cortex-M4, 4 MB + 4 MB)`. */
  description: string;
  /**
   * Board-support folder under `runtime-c/boards/`: `cortex-m`, `riscv32` and
   * `aarch64` are bare metal with semihosting; `hosted` is stdio under a
   * user-mode emulator.
   */
  family: 'cortex-m' | 'riscv32' | 'aarch64' | 'hosted';
  /** Flags for compiling the board files and the test program (e.g. the counter's clock). */
  cflags: string[];
  /** Link flags: C library specs, the linker script (found in the family folder), memory symbols. */
  ldflags: string[];
  /** The emulator command; `{program}` stands for the ELF. It runs in the folder holding the I/O files. */
  command: string[];
  /** Memory a program has on this board. */
  flashBytes: number;
  ramBytes: number;
  /** RAM the board files and example take besides the model: the stack reservation of the linker script and the program's own data. */
  reservedRamBytes: number;
  /** True when the emulator counts instructions deterministically (QEMU with -icount). */
  countsInstructions: boolean;
}

export interface Target {
  /** Stable id used on the command line and in manifests, e.g. `host`, `cortex-m4`. */
  id: string;
  /** The code the target takes: C (the default when absent) or WebAssembly modules. */
  backend?: 'c' | 'wasm';
  description: string;
  /** Instruction-set architecture, e.g. `x86-64`, `armv7e-m`, `rv32imc`. */
  architecture: string;
  cpu: string;
  features: TargetFeature[];
  /** Core clock of a typical part, in Hz. */
  clockHz: number;
  /** Flash and RAM of a typical part, in bytes (warnings compare bundle sizes with them). */
  flashBytes: number;
  ramBytes: number;
  /** Alignment of the arena, of every planned buffer and of every weight array, in bytes. */
  alignment: number;
  /** Size of a data pointer, in bytes. */
  pointerBytes: 4 | 8;
  toolchain: Toolchain;
  /**
   * The command that runs a built program, with `{program}` standing for its
   * path; empty when programs run natively on this machine.
   */
  emulator: string[];
  /** True when programs built for it run on the build machine (directly or emulated) and read files. */
  hosted: boolean;
  /** Device targets: the emulated board their test programs run on. */
  board?: TestBoard;
  /**
   * A second board for counting instructions, when the main one cannot count
   * (Linux targets under qemu-user count on a bare-metal twin of the CPU).
   */
  countingBoard?: TestBoard;
  cost: CostModel;
}
