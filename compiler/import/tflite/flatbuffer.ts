/**
 * A bounds-checked view of a FlatBuffer, on top of the `flatbuffers`
 * package's ByteBuffer.
 *
 * The generated FlatBuffers readers trust every offset; a corrupt or
 * truncated model would make them read garbage or loop over a vector length
 * of four billion. Here every table, vtable, field, vector and string is
 * checked against the buffer before it is read, so a bad file becomes a
 * diagnostic naming the byte offset, never a crash, a hang or a huge
 * allocation.
 */
import { ByteBuffer } from 'flatbuffers';
import { fail } from '../../ir/index.js';

export class FlatView {
  readonly bb: ByteBuffer;
  readonly length: number;

  constructor(bytes: Uint8Array) {
    this.bb = new ByteBuffer(bytes);
    this.length = bytes.length;
  }

  /** Fails unless [pos, pos + size) lies inside the buffer. */
  need(pos: number, size: number, what: string): void {
    if (!Number.isSafeInteger(pos) || pos < 0) {
      fail('tflite/bad-offset', `${what} has an invalid offset ${pos}`, { hint: 'the file is corrupt; re-export the model' });
    }
    if (pos + size > this.length) {
      fail('tflite/truncated', `${what} at byte ${pos} (${size} bytes) lies past the end of the ${this.length}-byte file`, {
        hint: 'the file is truncated or corrupt; copy or re-export it',
      });
    }
  }

  u8(pos: number, what: string): number { this.need(pos, 1, what); return this.bb.readUint8(pos); }
  i8(pos: number, what: string): number { this.need(pos, 1, what); return this.bb.readInt8(pos); }
  u16(pos: number, what: string): number { this.need(pos, 2, what); return this.bb.readUint16(pos); }
  i32(pos: number, what: string): number { this.need(pos, 4, what); return this.bb.readInt32(pos); }
  u32(pos: number, what: string): number { this.need(pos, 4, what); return this.bb.readUint32(pos); }
  f32(pos: number, what: string): number { this.need(pos, 4, what); return this.bb.readFloat32(pos); }
  i64(pos: number, what: string): bigint { this.need(pos, 8, what); return this.bb.readInt64(pos); }

  /** The root table, after checking the 4-byte root offset. */
  root(what: string): Table {
    return this.tableAt(this.u32(0, `${what} root offset`), what);
  }

  tableAt(pos: number, what: string): Table {
    this.need(pos, 4, what);
    const vtable = pos - this.bb.readInt32(pos);
    this.need(vtable, 4, `${what} vtable`);
    const vtableSize = this.bb.readUint16(vtable);
    const tableSize = this.bb.readUint16(vtable + 2);
    if (vtableSize < 4 || vtableSize % 2 !== 0) fail('tflite/bad-offset', `${what} at byte ${pos} has a malformed vtable`, { hint: 'the file is corrupt' });
    this.need(vtable, vtableSize, `${what} vtable`);
    this.need(pos, Math.max(tableSize, 4), what);
    return new Table(this, pos, vtable, vtableSize, what);
  }
}

/** One FlatBuffers table; fields are addressed by their slot number in the schema. */
export class Table {
  constructor(
    readonly view: FlatView,
    readonly pos: number,
    private readonly vtable: number,
    private readonly vtableSize: number,
    readonly what: string,
  ) {}

  /** Absolute position of a field, or 0 when absent. */
  field(slot: number): number {
    const entry = 4 + 2 * slot;
    if (entry + 2 > this.vtableSize) return 0;
    const rel = this.view.bb.readUint16(this.vtable + entry);
    return rel === 0 ? 0 : this.pos + rel;
  }

  has(slot: number): boolean {
    return this.field(slot) !== 0;
  }

  u8(slot: number, dflt: number, name: string): number { const f = this.field(slot); return f ? this.view.u8(f, this.label(name)) : dflt; }
  i8(slot: number, dflt: number, name: string): number { const f = this.field(slot); return f ? this.view.i8(f, this.label(name)) : dflt; }
  i32(slot: number, dflt: number, name: string): number { const f = this.field(slot); return f ? this.view.i32(f, this.label(name)) : dflt; }
  u32(slot: number, dflt: number, name: string): number { const f = this.field(slot); return f ? this.view.u32(f, this.label(name)) : dflt; }
  f32(slot: number, dflt: number, name: string): number { const f = this.field(slot); return f ? this.view.f32(f, this.label(name)) : dflt; }
  bool(slot: number, name: string): boolean { return this.u8(slot, 0, name) !== 0; }
  u64(slot: number, name: string): bigint { const f = this.field(slot); return f ? this.view.i64(f, this.label(name)) : 0n; }

  /** Follows a uoffset field to a sub-table. */
  table(slot: number, name: string): Table | undefined {
    const f = this.field(slot);
    if (!f) return undefined;
    return this.view.tableAt(f + this.view.u32(f, this.label(name)), this.label(name));
  }

  /** A vector field: position of its first element and its length, checked against the buffer. */
  vector(slot: number, elementSize: number, name: string): { start: number; length: number } | undefined {
    const f = this.field(slot);
    if (!f) return undefined;
    const label = this.label(name);
    const pos = f + this.view.u32(f, label);
    const length = this.view.u32(pos, label);
    this.view.need(pos + 4, length * elementSize, `${label} (${length} elements)`);
    return { start: pos + 4, length };
  }

  i32Vector(slot: number, name: string): number[] {
    const v = this.vector(slot, 4, name);
    if (!v) return [];
    const out = new Array<number>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = this.view.bb.readInt32(v.start + 4 * i);
    return out;
  }

  f32Vector(slot: number, name: string): number[] {
    const v = this.vector(slot, 4, name);
    if (!v) return [];
    const out = new Array<number>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = this.view.bb.readFloat32(v.start + 4 * i);
    return out;
  }

  i64Vector(slot: number, name: string): number[] {
    const v = this.vector(slot, 8, name);
    if (!v) return [];
    const out = new Array<number>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = Number(this.view.bb.readInt64(v.start + 8 * i));
    return out;
  }

  bytes(slot: number, name: string): Uint8Array | undefined {
    const v = this.vector(slot, 1, name);
    return v ? this.view.bb.bytes().subarray(v.start, v.start + v.length) : undefined;
  }

  string(slot: number, name: string): string | undefined {
    const b = this.bytes(slot, name);
    return b ? new TextDecoder('utf-8', { fatal: false }).decode(b) : undefined;
  }

  /** A vector of tables, each checked when visited. */
  tables(slot: number, name: string): Table[] {
    const v = this.vector(slot, 4, name);
    if (!v) return [];
    const out: Table[] = [];
    for (let i = 0; i < v.length; i++) {
      const at = v.start + 4 * i;
      out.push(this.view.tableAt(at + this.view.bb.readUint32(at), `${this.label(name)}[${i}]`));
    }
    return out;
  }

  private label(name: string): string {
    return `${this.what}.${name}`;
  }
}
