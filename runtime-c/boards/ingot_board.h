/*
 * The board layer Ingot's device test and benchmark programs run on: file
 * and console I/O with the host, exit status, a deterministic instruction
 * counter and a stack high-water mark. Bundles themselves never call it;
 * only the example programs that load .npy inputs and report results do.
 *
 * Implementations: semihosting on bare-metal Arm (Cortex-M, AArch64) and
 * RISC-V under QEMU, and plain stdio on hosted targets (x86-64, Linux on
 * AArch64 under qemu-user).
 */
#ifndef INGOT_BOARD_H
#define INGOT_BOARD_H

#include <stddef.h>
#include <stdint.h>

/* Reads up to `capacity` bytes of the host file at `path`; returns the byte count or -1. */
long ingot_board_read_file(const char *path, void *buf, size_t capacity);
/* Reads up to `capacity` bytes of the host file at `path` from byte `offset`; returns the byte count or -1. */
long ingot_board_read_file_at(const char *path, size_t offset, void *buf, size_t capacity);
/* Size of the host file at `path` in bytes, or -1 when it cannot be opened. */
long ingot_board_file_size(const char *path);
/* Writes `size` bytes to the host file at `path` (created or truncated); returns 0 or -1. */
int ingot_board_write_file(const char *path, const void *buf, size_t size);
/* Appends `size` bytes to the host file at `path` (created if missing); returns 0 or -1. */
int ingot_board_append_file(const char *path, const void *buf, size_t size);
/* Writes a NUL-terminated string to the host console. */
void ingot_board_print(const char *text);
/* Ends the program with `status` as the emulator's exit status. */
void ingot_board_exit(int status);

/* Starts the instruction counter. */
void ingot_count_start(void);
/* Instructions retired since ingot_count_start, the counter running on (0 where the board cannot count). */
uint64_t ingot_count_now(void);
/* Instructions retired since ingot_count_start, and stops the counter (0 where the board cannot count). */
uint64_t ingot_count_stop(void);

/* Fills the unused stack with a pattern (bare-metal startup does this at reset). */
void ingot_stack_paint(void);
/* Deepest stack use since painting, in bytes from the top of the stack (0 where unknown). */
uint32_t ingot_stack_high_water(void);
/* Stack in use at the caller, in bytes from the top of the stack (0 where unknown). */
uint32_t ingot_stack_in_use(void);

/* Decimal formatting without printf, for boards without a full libc. */
char *ingot_board_format_u64(char *out, uint64_t value);

#endif
