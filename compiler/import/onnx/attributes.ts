/**
 * Typed access to an ONNX node's attributes, with defaults and diagnostics
 * that name the node and the attribute. Attribute values keep ONNX's own
 * types (int64 as numbers, strings decoded as UTF-8).
 */
import { fail } from '../../ir/index.js';
import { ATTRIBUTE_TYPES, type OnnxAttribute, type OnnxTensor } from './schema.js';

const TYPE = { float: 1, int: 2, string: 3, tensor: 4, floats: 6, ints: 7, strings: 8 } as const;

export class Attributes {
  private readonly byName = new Map<string, OnnxAttribute>();

  constructor(attributes: readonly OnnxAttribute[], private readonly where: string) {
    for (const a of attributes) {
      if (a.refAttrName) fail('onnx/unsupported-op', `${where}: attribute '${a.name}' refers to a function attribute, which is not supported`);
      this.byName.set(a.name, a);
    }
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  names(): string[] {
    return [...this.byName.keys()];
  }

  int(name: string, dflt: number): number;
  int(name: string): number | undefined;
  int(name: string, dflt?: number): number | undefined {
    const a = this.get(name, TYPE.int);
    return a === undefined ? dflt : Number(a.i);
  }

  float(name: string, dflt: number): number;
  float(name: string): number | undefined;
  float(name: string, dflt?: number): number | undefined {
    const a = this.get(name, TYPE.float);
    return a === undefined ? dflt : a.f;
  }

  string(name: string, dflt: string): string;
  string(name: string): string | undefined;
  string(name: string, dflt?: string): string | undefined {
    const a = this.get(name, TYPE.string);
    return a === undefined ? dflt : new TextDecoder().decode(a.s);
  }

  ints(name: string): number[] | undefined {
    const a = this.get(name, TYPE.ints);
    return a?.ints.map(Number);
  }

  floats(name: string): number[] | undefined {
    return this.get(name, TYPE.floats)?.floats.slice();
  }

  strings(name: string): string[] | undefined {
    return this.get(name, TYPE.strings)?.strings.map((v) => new TextDecoder().decode(v));
  }

  tensor(name: string): OnnxTensor | undefined {
    const a = this.get(name, TYPE.tensor);
    if (a !== undefined && !a.t) fail('onnx/bad-attribute', `${this.where}: attribute '${name}' has no tensor`);
    return a?.t ?? undefined;
  }

  private get(name: string, type: number): OnnxAttribute | undefined {
    const a = this.byName.get(name);
    if (a === undefined) return undefined;
    // IR version 1 files may omit the type; trust the field that is set.
    if (a.type !== 0 && a.type !== type) {
      fail('onnx/bad-attribute', `${this.where}: attribute '${name}' is ${ATTRIBUTE_TYPES[a.type] ?? a.type}, expected ${ATTRIBUTE_TYPES[type]}`);
    }
    return a;
  }
}
