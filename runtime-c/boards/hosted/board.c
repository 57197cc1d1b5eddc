/*
 * The board layer on hosted targets (x86-64, Linux on AArch64 under
 * qemu-user): stdio for files and console, the process exit status, and no
 * instruction counter (hosted runs are timed, or counted with callgrind).
 */
#include <stdio.h>
#include <stdlib.h>
#include "ingot_board.h"

long ingot_board_read_file_at(const char *path, size_t offset, void *buf, size_t capacity) {
  FILE *f = fopen(path, "rb");
  if (!f) return -1;
  if (offset != 0 && fseek(f, (long)offset, SEEK_SET) != 0) {
    fclose(f);
    return -1;
  }
  size_t n = fread(buf, 1, capacity, f);
  int failed = ferror(f);
  fclose(f);
  return failed ? -1 : (long)n;
}

long ingot_board_read_file(const char *path, void *buf, size_t capacity) {
  return ingot_board_read_file_at(path, 0, buf, capacity);
}

long ingot_board_file_size(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return -1;
  long size = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
  fclose(f);
  return size;
}

static int write_with_mode(const char *path, const char *mode, const void *buf, size_t size) {
  FILE *f = fopen(path, mode);
  if (!f) return -1;
  size_t n = fwrite(buf, 1, size, f);
  return fclose(f) == 0 && n == size ? 0 : -1;
}

int ingot_board_write_file(const char *path, const void *buf, size_t size) {
  return write_with_mode(path, "wb", buf, size);
}

int ingot_board_append_file(const char *path, const void *buf, size_t size) {
  return write_with_mode(path, "ab", buf, size);
}

void ingot_board_print(const char *text) {
  fputs(text, stdout);
  fflush(stdout);
}

void ingot_board_exit(int status) {
  exit(status);
}

void ingot_count_start(void) {}
uint64_t ingot_count_now(void) { return 0; }
uint64_t ingot_count_stop(void) { return 0; }
void ingot_stack_paint(void) {}
uint32_t ingot_stack_high_water(void) { return 0; }
uint32_t ingot_stack_in_use(void) { return 0; }

char *ingot_board_format_u64(char *out, uint64_t value) {
  snprintf(out, 21, "%llu", (unsigned long long)value);
  return out;
}
