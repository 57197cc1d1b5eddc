/*
 * The board I/O over semihosting: QEMU (with -semihosting-config
 * enable=on,target=native) serves file and console requests from the
 * program. Only the trap instruction differs between architectures.
 */
#include "ingot_board.h"

enum {
  SYS_OPEN = 0x01,
  SYS_CLOSE = 0x02,
  SYS_WRITE0 = 0x04,
  SYS_WRITE = 0x05,
  SYS_READ = 0x06,
  SYS_SEEK = 0x0A,
  SYS_FLEN = 0x0C,
  SYS_EXIT = 0x18,
  SYS_EXIT_EXTENDED = 0x20,
  ADP_STOPPED_APPLICATION_EXIT = 0x20026,
  MODE_READ_BINARY = 1,
  MODE_WRITE_BINARY = 5,
  MODE_UPDATE_BINARY = 3
};

#if defined(__riscv)
/* The RISC-V trap: ebreak between two marker shifts, uncompressed and inside one page. */
long ingot_semihost_trap(long op, void *arg);
__asm__(
    ".section .text.ingot_semihost_trap, \"ax\"\n"
    ".balign 16\n"
    ".global ingot_semihost_trap\n"
    "ingot_semihost_trap:\n"
    ".option push\n.option norvc\n"
    "slli x0, x0, 0x1f\nebreak\nsrai x0, x0, 7\n"
    ".option pop\n"
    "ret\n"
    ".previous\n");
#endif

static long semihost(long op, void *arg) {
#if defined(__aarch64__)
  register long x0 __asm__("x0") = op;
  register void *x1 __asm__("x1") = arg;
  __asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
  return x0;
#elif defined(__arm__)
  register long r0 __asm__("r0") = op;
  register void *r1 __asm__("r1") = arg;
  __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
#elif defined(__riscv)
  return ingot_semihost_trap(op, arg);
#else
#error "semihosting: unknown architecture"
#endif
}

static size_t length_of(const char *s) {
  size_t n = 0;
  while (s[n]) n++;
  return n;
}

static long open_file(const char *path, long mode) {
  long block[3] = {(long)path, mode, (long)length_of(path)};
  return semihost(SYS_OPEN, block);
}

static void close_file(long handle) {
  long block[1] = {handle};
  semihost(SYS_CLOSE, block);
}

long ingot_board_read_file_at(const char *path, size_t offset, void *buf, size_t capacity) {
  long handle = open_file(path, MODE_READ_BINARY);
  if (handle < 0) return -1;
  if (offset != 0) {
    long seek[2] = {handle, (long)offset};
    if (semihost(SYS_SEEK, seek) != 0) {
      close_file(handle);
      return -1;
    }
  }
  long block[3] = {handle, (long)buf, (long)capacity};
  long not_read = semihost(SYS_READ, block);
  close_file(handle);
  return not_read < 0 ? -1 : (long)capacity - not_read;
}

long ingot_board_read_file(const char *path, void *buf, size_t capacity) {
  return ingot_board_read_file_at(path, 0, buf, capacity);
}

long ingot_board_file_size(const char *path) {
  long handle = open_file(path, MODE_READ_BINARY);
  if (handle < 0) return -1;
  long block[1] = {handle};
  long size = semihost(SYS_FLEN, block);
  close_file(handle);
  return size;
}

static int write_with_mode(const char *path, long mode, const void *buf, size_t size) {
  long handle = open_file(path, mode);
  if (handle < 0) return -1;
  long block[3] = {handle, (long)buf, (long)size};
  long not_written = semihost(SYS_WRITE, block);
  close_file(handle);
  return not_written == 0 ? 0 : -1;
}

int ingot_board_write_file(const char *path, const void *buf, size_t size) {
  return write_with_mode(path, MODE_WRITE_BINARY, buf, size);
}

int ingot_board_append_file(const char *path, const void *buf, size_t size) {
  /* QEMU's semihosting opens "ab" as "wb" (truncating): open for update and seek to the end instead. */
  long handle = open_file(path, MODE_UPDATE_BINARY);
  if (handle < 0) return write_with_mode(path, MODE_WRITE_BINARY, buf, size);
  long length[1] = {handle};
  long end = semihost(SYS_FLEN, length);
  long seek[2] = {handle, end};
  long block[3] = {handle, (long)buf, (long)size};
  int ok = end >= 0 && semihost(SYS_SEEK, seek) == 0 && semihost(SYS_WRITE, block) == 0;
  close_file(handle);
  return ok ? 0 : -1;
}

void ingot_board_print(const char *text) {
  semihost(SYS_WRITE0, (void *)text);
}

void ingot_board_exit(int status) {
  long block[2] = {ADP_STOPPED_APPLICATION_EXIT, status};
#if defined(__aarch64__)
  semihost(SYS_EXIT, block);
#else
  semihost(SYS_EXIT_EXTENDED, block);
#endif
  for (;;) {
  }
}

char *ingot_board_format_u64(char *out, uint64_t value) {
  char digits[21];
  int n = 0;
  do {
    digits[n++] = (char)('0' + value % 10u);
    value /= 10u;
  } while (value != 0);
  for (int i = 0; i < n; i++) out[i] = digits[n - 1 - i];
  out[n] = '\0';
  return out;
}
