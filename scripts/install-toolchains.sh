#!/usr/bin/env bash
# Installs the device toolchains and emulators Ingot's tests and benchmarks use:
# Arm Cortex-M (newlib), aarch64 Linux, RISC-V 32 (picolibc), QEMU system and user
# emulators, clang for a second host compiler, valgrind for instruction counts, and
# Debian's Chromium for the browser test. Idempotent: skips what is already present.
set -euo pipefail

packages=(
  gcc clang lld make cmake valgrind
  gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm
  qemu-user gcc-aarch64-linux-gnu libc6-dev-arm64-cross
  gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf qemu-system-misc
  chromium
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "toolchains: all present"
  exit 0
fi

echo "toolchains: installing ${missing[*]}"
sudo_cmd=""
if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo_cmd apt-get update -qq
$sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "toolchains: done"
