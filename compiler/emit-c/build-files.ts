/**
 * The bundle's build files: a Makefile and a CMakeLists.txt that build the
 * model as a static library and the example program, with the target's
 * toolchain as overridable defaults.
 *
 * Both add `-std=c99 -ffp-contract=off` for GCC-compatible compilers. The
 * second flag is required for float models: the reference rounds every
 * float32 product and sum separately, and a compiler allowed to contract
 * `a * b + c` into a fused multiply-add (the default for GCC when the target
 * has FMA) rounds once instead and changes the results. It never affects
 * integer kernels.
 */
import type { Target, TestBoard } from '../../targets/index.js';
import { boardNote, deviceCmakeRules, deviceMakeRules } from './device-build-files.js';
import type { BundleNames } from './names.js';

/** A device bundle's example: the test board it is built for and the board sources it compiles. */
export interface DeviceExample {
  board: TestBoard;
  sources: readonly string[];
}

/** Make-style `#` comment lines. */
const hashComment = (lines: readonly string[]): string => lines.map((l) => (l ? `# ${l}` : '#')).join('\n');

const WHY_FLAGS = [
  '-std=c99: the generated code is C99.',
  '-ffp-contract=off: float kernels must round after every multiply and add, as the',
  'model\'s reference does; contracting a*b+c into one fused multiply-add changes float results.',
];

const DEVICE_USAGE = [
  'make example    builds the example program for the QEMU test board',
  'make run        builds it and runs it in the emulator in this folder',
  'make profile    (and make run-profile) the same with per-layer instruction counts',
];

export function makefile(names: BundleNames, target: Target, banner: readonly string[], device?: DeviceExample): string {
  const { stem } = names;
  const tc = target.toolchain;
  return `${hashComment(banner)}
#
# make            builds lib${stem}.a${target.hosted ? ` and ${stem}_example` : ''}
# make lib        builds only the static library
${device ? `${hashComment(DEVICE_USAGE)}
` : ''}# Override the toolchain as usual: make CC=clang CFLAGS="-O3" ...
#
${hashComment(WHY_FLAGS)}${device ? `
#
${hashComment(boardNote(device.board))}` : ''}

ifeq ($(origin CC),default)
CC = ${tc.cc}
endif
ifeq ($(origin AR),default)
AR = ${tc.ar}
endif
CFLAGS ?= ${tc.cflags.join(' ')}
LDFLAGS ?= ${tc.ldflags.join(' ')}
INGOT_CFLAGS = -std=c99 -ffp-contract=off -Iinclude -Iruntime${device ? ' $(if $(filter 1,$(PROFILE)),-DINGOT_PROFILE)' : ''}
BUILD ?= build

LIB = $(BUILD)/lib${stem}.a
OBJS = $(BUILD)/${stem}.o $(BUILD)/${stem}_weights.o
${device ? 'ELF = $(BUILD)/' + stem + '_example.elf' : 'EXAMPLE = $(BUILD)/' + stem + '_example'}

.PHONY: all lib example clean
all: ${target.hosted ? 'lib example' : 'lib'}
lib: $(LIB)
example: ${device ? '$(ELF)' : '$(EXAMPLE)'}

$(BUILD)/%.o: src/%.c include/${stem}.h src/${stem}_weights.h runtime/ingot_runtime.h runtime/ingot_fixed_point.h runtime/ingot_onnx.h runtime/ingot_packed.h
\t@mkdir -p $(BUILD)
\t$(CC) $(INGOT_CFLAGS) $(CFLAGS) -c $< -o $@

$(LIB): $(OBJS)
\trm -f $@
\t$(AR) rcs $@ $(OBJS)

${device ? deviceMakeRules(stem, device.board, device.sources) : hostExampleRules(stem)}
clean:
\trm -rf $(BUILD)
`;
}

function hostExampleRules(stem: string): string {
  return `$(BUILD)/example_%.o: example/%.c include/${stem}.h example/ingot_npy.h runtime/ingot_runtime.h
\t@mkdir -p $(BUILD)
\t$(CC) $(INGOT_CFLAGS) -Iexample $(CFLAGS) -c $< -o $@

$(EXAMPLE): $(BUILD)/example_main.o $(BUILD)/example_ingot_npy.o $(LIB)
\t$(CC) $(CFLAGS) $(LDFLAGS) $(BUILD)/example_main.o $(BUILD)/example_ingot_npy.o $(LIB) -lm -o $@
`;
}

export function cmakeLists(names: BundleNames, target: Target, banner: readonly string[], device?: DeviceExample): string {
  const { stem } = names;
  return `${hashComment(banner)}
#
# Builds the static library \`${stem}\`${target.hosted ? ` and the example program \`${stem}_example\`` : ''}.
# add_subdirectory() this folder from a firmware project and link \`${stem}\`.${device ? `
# Cross-compiling on its own: cmake -S . -B build -DCMAKE_TOOLCHAIN_FILE=cmake/toolchain.cmake` : ''}
#
${hashComment(WHY_FLAGS)}${device ? `
#
${hashComment(boardNote(device.board))}` : ''}

cmake_minimum_required(VERSION 3.13)
project(${stem} C)

add_library(${stem} STATIC src/${stem}.c src/${stem}_weights.c)
target_include_directories(${stem} PUBLIC include runtime)
set_target_properties(${stem} PROPERTIES C_STANDARD 99 C_STANDARD_REQUIRED ON C_EXTENSIONS OFF)
target_compile_options(${stem} PRIVATE $<$<C_COMPILER_ID:GNU,Clang,AppleClang>:-ffp-contract=off>)
${device ? `# The cross C library's libm (float kernels call expf, tanhf, roundf).
target_link_libraries(${stem} PUBLIC m)
${deviceCmakeRules(stem, device.board, device.sources)}` : `find_library(INGOT_LIBM m)
if(INGOT_LIBM)
  target_link_libraries(${stem} PUBLIC \${INGOT_LIBM})
endif()
`}${target.hosted ? `
add_executable(${stem}_example example/main.c example/ingot_npy.c)
target_include_directories(${stem}_example PRIVATE example)
set_target_properties(${stem}_example PROPERTIES C_STANDARD 99 C_STANDARD_REQUIRED ON C_EXTENSIONS OFF)
target_link_libraries(${stem}_example PRIVATE ${stem})
` : ''}`;
}
