/**
 * Makes a .tflite file acceptable to full TFLite without changing what it
 * computes: some files (person_detect) give rank-1 bias tensors
 * `quantized_dimension = 3`. TFLite Micro ignores the field for rank-1
 * tensors; full TFLite rejects the model. The field is rewritten to 0 in a
 * copy (same bytes otherwise) for the peer benchmark only.
 */
import { ByteBuffer } from 'flatbuffers';

/** Byte position of field `slot` of the table at `table`, or 0 when absent. */
function fieldPos(bb: ByteBuffer, table: number, slot: number): number {
  const rel = bb.__offset(table, 4 + 2 * slot);
  return rel === 0 ? 0 : table + rel;
}

/** Table positions of the vector of tables at field `slot`. */
function tables(bb: ByteBuffer, table: number, slot: number): number[] {
  const at = fieldPos(bb, table, slot);
  if (at === 0) return [];
  const vec = bb.__vector(at);
  const n = bb.__vector_len(at);
  return Array.from({ length: n }, (_, i) => bb.__indirect(vec + i * 4));
}

/** A copy of `model` with quantized_dimension set to 0 on rank-1 tensors; counts the fixes. */
export function fixRank1QuantizedDimension(model: Uint8Array): { bytes: Uint8Array; fixed: number } {
  const bytes = model.slice();
  const bb = new ByteBuffer(bytes);
  const root = bb.readInt32(bb.position()) + bb.position();
  let fixed = 0;
  for (const subgraph of tables(bb, root, 2)) {
    for (const tensor of tables(bb, subgraph, 0)) {
      const shapeAt = fieldPos(bb, tensor, 0);
      const rank = shapeAt === 0 ? 0 : bb.__vector_len(shapeAt);
      const quantAt = fieldPos(bb, tensor, 4);
      if (rank !== 1 || quantAt === 0) continue;
      const quant = bb.__indirect(quantAt);
      const dimAt = fieldPos(bb, quant, 6);
      if (dimAt !== 0 && bb.readInt32(dimAt) !== 0) {
        bb.writeInt32(dimAt, 0);
        fixed++;
      }
    }
  }
  return { bytes, fixed };
}
