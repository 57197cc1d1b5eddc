/**
 * What a device bundle adds to its build files: the board-support files of
 * the target's QEMU test board, make rules and CMake targets that build the
 * example program for that board and run it in the emulator, and a CMake
 * toolchain file for the target's cross compiler.
 *
 * The board files (startup code, linker script, semihosting I/O) describe
 * an emulated test board, not a real chip: a firmware links the bundle's
 * library with its own startup code. The build files say so.
 */
import type { Target, TestBoard } from '../../targets/index.js';
import { boardFiles, type SourceFile } from '../device/board-files.js';

/** The board an example program of this target runs on, or undefined (hosted targets run the .npy example natively). */
export function exampleBoard(target: Target): TestBoard | undefined {
  return target.hosted ? undefined : target.board;
}

/** Linker scripts a set of link flags names (`-T x.ld`), with the scripts they INCLUDE. */
function neededScripts(files: readonly SourceFile[], ldflags: readonly string[]): Set<string> {
  const byName = new Map(files.map((f) => [f.path.replace(/^board\//, ''), f]));
  const needed = new Set<string>();
  const visit = (name: string): void => {
    const f = byName.get(name);
    if (f === undefined || needed.has(name)) return;
    needed.add(name);
    for (const m of f.text.matchAll(/^\s*INCLUDE\s+(\S+)/gm)) visit(m[1]!);
  };
  ldflags.forEach((flag, i) => {
    if (flag === '-T' && ldflags[i + 1] !== undefined) visit(ldflags[i + 1]!);
  });
  return needed;
}

/** The board's files as bundle files under `board/`: only the linker scripts this board uses. */
export function boardBundleFiles(board: TestBoard): SourceFile[] {
  const files = boardFiles(board);
  const scripts = neededScripts(files, board.ldflags);
  return files.filter((f) => !f.path.endsWith('.ld') || scripts.has(f.path.replace(/^board\//, '')));
}

/** The C and assembly sources among the board files. */
export function boardSources(files: readonly SourceFile[]): string[] {
  return files.map((f) => f.path).filter((p) => /\.(c|S)$/.test(p));
}

/** Whether the board links the C math library (the bare-metal AArch64 board has no C library). */
function linksLibm(board: TestBoard): boolean {
  return board.family !== 'aarch64';
}

/** The emulator command with the program's path put in. */
function emulatorCommand(board: TestBoard, program: string): string {
  return board.command.map((a) => a.replace('{program}', program)).join(' ');
}

/** The `# ...` lines saying what the board files are. */
export function boardNote(board: TestBoard): string[] {
  return [
    `The example program and the files in board/ are for the QEMU test board`,
    `${board.description}: startup code, linker script and semihosting I/O for`,
    'the emulator, not for a real chip. Link lib<name>.a into your firmware instead.',
  ];
}

/** Make variables and rules for the board example (appended to the bundle's Makefile). */
export function deviceMakeRules(stem: string, board: TestBoard, sources: readonly string[]): string {
  return `
# The example program for the QEMU test board (see the note at the top).
BOARD_CFLAGS = ${board.cflags.join(' ')}
BOARD_LDFLAGS = -Lboard ${board.ldflags.join(' ')}${linksLibm(board) ? ' -lm' : ''}
BOARD_SRCS = ${sources.join(' ')}

.PHONY: run profile run-profile

$(ELF): example/main.c $(BOARD_SRCS) board/ingot_board.h include/${stem}.h $(LIB)
\t$(CC) $(INGOT_CFLAGS) -Iboard $(CFLAGS) $(BOARD_CFLAGS) example/main.c $(BOARD_SRCS) $(LIB) $(BOARD_LDFLAGS) -o $@

# Runs the example in the emulator, in this folder: it reads input<i>.bin and writes output<i>.bin.
run: $(ELF)
\t${emulatorCommand(board, '$(ELF)')}

# The same with per-layer instruction counts (the model compiled with -DINGOT_PROFILE).
profile:
\t$(MAKE) example BUILD=$(BUILD)/profile PROFILE=1
run-profile:
\t$(MAKE) run BUILD=$(BUILD)/profile PROFILE=1
`;
}

/** CMake targets for the board example (appended to the bundle's CMakeLists.txt). */
export function deviceCmakeRules(stem: string, board: TestBoard, sources: readonly string[]): string {
  const quote = (xs: readonly string[]): string => xs.map((x) => `"${x}"`).join(' ');
  return `
# The example program for the QEMU test board (see the note at the top); not built by default:
#   cmake --build BUILD --target ${stem}_example      then      cmake --build BUILD --target run
add_executable(${stem}_example EXCLUDE_FROM_ALL example/main.c ${sources.join(' ')})
target_include_directories(${stem}_example PRIVATE board)
set_target_properties(${stem}_example PROPERTIES C_STANDARD 99 C_STANDARD_REQUIRED ON C_EXTENSIONS OFF SUFFIX ".elf")
target_compile_options(${stem}_example PRIVATE ${quote(board.cflags)})
target_link_options(${stem}_example PRIVATE "-L\${CMAKE_CURRENT_SOURCE_DIR}/board" ${quote(board.ldflags)})
target_link_libraries(${stem}_example PRIVATE ${stem})
option(INGOT_PROFILE "compile the model with per-layer profiling hooks; the example prints each layer's instructions" OFF)
if(INGOT_PROFILE)
  target_compile_definitions(${stem} PUBLIC INGOT_PROFILE)
endif()
add_custom_target(run COMMAND ${emulatorCommand(board, `$<TARGET_FILE:${stem}_example>`)}
  DEPENDS ${stem}_example WORKING_DIRECTORY \${CMAKE_CURRENT_SOURCE_DIR} USES_TERMINAL)
`;
}

/** The CMake toolchain file of a cross target (`cmake -DCMAKE_TOOLCHAIN_FILE=cmake/toolchain.cmake`). */
export function cmakeToolchainFile(target: Target, banner: readonly string[]): string | undefined {
  const tc = target.toolchain;
  if (tc.cmakeSystem === undefined) return undefined;
  return `${banner.map((l) => `# ${l}`).join('\n')}
#
# CMake toolchain file for ${target.id}: ${target.description}.
#   cmake -S . -B build -DCMAKE_TOOLCHAIN_FILE=cmake/toolchain.cmake && cmake --build build

set(CMAKE_SYSTEM_NAME ${tc.cmakeSystem.name})
set(CMAKE_SYSTEM_PROCESSOR ${tc.cmakeSystem.processor})
set(CMAKE_C_COMPILER ${tc.cc})
set(CMAKE_C_FLAGS_INIT "${tc.cflags.join(' ')}")
# Cross compilers for bare metal cannot link a test program without startup code.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
`;
}
