#!/usr/bin/env bash
# The main job on the bundled demo model (person detection, 96×96 int8):
# compile it to a C bundle for this machine, build the bundle with its own
# Makefile, and run the bundle's example program on the two test images.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

model=fixtures/demo/person_detect.tflite
out=out/demo
bundle="$out/person_detect"
mkdir -p "$out"

node bin/ingot.js compile "$model" --target host -o "$bundle"
make -s -C "$bundle"
for image in person no_person; do
  "$bundle/build/person_detect_example" -i "fixtures/demo/${image}_int8.npy" -o "$out/${image}_scores.npy"
  node -e '
    const fs = require("fs");
    const b = fs.readFileSync(process.argv[1]);
    const headerLen = b.readUInt16LE(8);
    const q = new Int8Array(b.buffer, b.byteOffset + 10 + headerLen, 2);
    const p = (v) => ((v + 128) / 256).toFixed(3);
    console.log(`${process.argv[2].padEnd(9)} → no_person ${p(q[0])}  person ${p(q[1])}`);
  ' "$out/${image}_scores.npy" "$image"
done
