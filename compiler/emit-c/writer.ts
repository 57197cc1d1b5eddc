/**
 * A small indent-aware writer for C source, and the escaping that keeps
 * names from the model out of the code's syntax.
 *
 * Names from a model file (tensors, ops, the model itself) are data an
 * attacker may control. They only ever reach generated C through
 * `commentText` (inside a block comment) or `cString` (inside a string
 * literal); identifiers are never built from them except through
 * `cIdentifier`, which keeps only [a-z0-9_].
 */

const INDENT = '  ';

export class CWriter {
  private readonly out: string[] = [];
  private depth = 0;
  /** Bytes of constant tables declared in this text (for the code-size estimate). */
  tableBytes = 0;

  /** One line at the current indent (an empty call writes a blank line). */
  line(text = ''): this {
    this.out.push(text === '' ? '' : INDENT.repeat(this.depth) + text);
    return this;
  }

  /** Several lines at the current indent. */
  lines(texts: readonly string[]): this {
    for (const t of texts) this.line(t);
    return this;
  }

  /** `head {`, then everything `body` writes one level deeper, then `tail`. */
  block(head: string, body: () => void, tail = '}'): this {
    this.line(head === '' ? '{' : `${head} {`);
    this.depth++;
    body();
    this.depth--;
    this.line(tail);
    return this;
  }

  /** `if (cond) { … } else { … }`. */
  ifElse(cond: string, then: () => void, otherwise: () => void): this {
    this.line(`if (${cond}) {`);
    this.depth++;
    then();
    this.depth--;
    this.line('} else {');
    this.depth++;
    otherwise();
    this.depth--;
    return this.line('}');
  }

  /** A one-line block comment holding arbitrary text, safely escaped. */
  comment(text: string): this {
    return this.line(`/* ${commentText(text)} */`);
  }

  /** Appends another writer's lines at the current indent. */
  append(other: CWriter): this {
    for (const l of other.out) this.out.push(l === '' ? '' : INDENT.repeat(this.depth) + l);
    this.tableBytes += other.tableBytes;
    return this;
  }

  /** The text, ending with one newline. */
  toString(): string {
    return this.out.join('\n') + '\n';
  }
}

/**
 * Text that is safe inside a one-line C block comment: printable ASCII stays
 * (except the backslash, which is doubled), everything else becomes an
 * escape like \n or \u{2028}, and the sequences that could end the comment
 * or form a trigraph (`*` `/`, `/` `*`, `??`) are broken up.
 */
export function commentText(s: string): string {
  let t = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '\\') t += '\\\\';
    else if (c >= 0x20 && c < 0x7f) t += ch;
    else if (ch === '\n') t += '\\n';
    else if (ch === '\t') t += '\\t';
    else if (ch === '\r') t += '\\r';
    else t += `\\u{${c.toString(16)}}`;
  }
  return t.replace(/\*\//g, '*\\/').replace(/\/\*/g, '/\\*').replace(/\?\?/g, '?\\?');
}

/** At most `max` characters of `s` (whole code points), marked with "..." when cut. */
export function shorten(s: string, max: number): string {
  const chars = Array.from(s);
  return chars.length <= max ? s : chars.slice(0, max - 3).join('') + '...';
}

/**
 * A C string literal with every byte outside printable ASCII written as a
 * three-digit octal escape (so no following character can extend it), and
 * `"`, `\` and `?` escaped (`?` so `??x` can never form a trigraph).
 */
export function cString(s: string): string {
  let t = '"';
  for (const b of new TextEncoder().encode(s)) {
    if (b === 0x22) t += '\\"';
    else if (b === 0x5c) t += '\\\\';
    else if (b === 0x3f) t += '\\?';
    else if (b >= 0x20 && b < 0x7f) t += String.fromCharCode(b);
    else t += '\\' + b.toString(8).padStart(3, '0');
  }
  return t + '"';
}

/**
 * A C identifier stem from any text: lower-case letters, digits and single
 * underscores, starting with a letter (`fallback` when nothing is left).
 * The result never starts with an underscore, so it cannot collide with
 * names reserved for the implementation.
 */
export function cIdentifier(s: string, fallback = 'model'): string {
  let id = s.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  if (id === '') id = fallback;
  if (!/^[a-z]/.test(id)) id = `${fallback}_${id}`;
  return id.slice(0, 48).replace(/_+$/, '');
}
