/**
 * Tokens of generated C and of the runtime headers, after the little
 * preprocessing the code-size model needs: comments dropped, conditional
 * blocks (`#if`, `#ifdef`, …) kept or dropped by the macros the target's
 * compiler defines, and macros expanded (object-like ones such as
 * `INGOT_OK`, function-like ones such as the DSP kernels' asm fragments).
 *
 * This is not a C preprocessor: `#include` is ignored (the caller hands
 * over the headers in order), `#if` understands `defined`, integer
 * literals, `!`, `&&`, `||` and comparisons, and anything it cannot
 * evaluate counts as false. That covers every directive the runtime headers
 * and the generated sources use.
 */

export type TokenKind = 'id' | 'num' | 'str' | 'punct';

export interface Token {
  kind: TokenKind;
  text: string;
}

interface Macro {
  params?: string[];
  body: Token[];
}

/** A row of a constant table: numbers and commas only, ending in a comma. Its values are never code. */
const TABLE_ROW = /^[\s\d,.+\-()xXa-fA-FuUlL]*,\s*$/;
const PUNCTUATORS = ['<<=', '>>=', '...', '->', '++', '--', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '##'];
const TOKEN = /\s+|([A-Za-z_]\w*)|((?:0[xX][0-9a-fA-F]+|\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?)[uUlLfF]*)|("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')|(.)/gy;

/** Splits one line of C into tokens. */
function tokenizeLine(line: string, out: Token[]): void {
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while (TOKEN.lastIndex < line.length && (m = TOKEN.exec(line)) !== null) {
    if (m[1] !== undefined) out.push({ kind: 'id', text: m[1] });
    else if (m[2] !== undefined) out.push({ kind: 'num', text: m[2] });
    else if (m[3] !== undefined) out.push({ kind: 'str', text: m[3] });
    else if (m[4] !== undefined) {
      const rest = line.slice(m.index);
      const p = PUNCTUATORS.find((x) => rest.startsWith(x)) ?? m[4];
      out.push({ kind: 'punct', text: p });
      TOKEN.lastIndex = m.index + p.length;
    }
  }
}

/** Appends `more` to `out` one by one: spreading a long list into push() overflows the call stack. */
function append(out: Token[], more: readonly Token[]): void {
  for (const t of more) out.push(t);
}

/** Comments removed and backslash-continued lines joined, one logical line per entry. */
function logicalLines(text: string): string[] {
  const noComments = text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, (c) => c.replace(/[^\n]/g, ' '));
  return noComments.replace(/\\\n/g, ' ').split('\n');
}

/** The preprocessor state shared by the files of one translation unit. */
export class Preprocessor {
  private readonly macros = new Map<string, Macro>();

  /** `predefined`: the macros the target's compiler and C library define (e.g. `__ARM_FEATURE_DSP: 1`). */
  constructor(predefined: Readonly<Record<string, number>>) {
    for (const [name, value] of Object.entries(predefined)) this.macros.set(name, { body: [{ kind: 'num', text: String(value) }] });
  }

  private readonly included = new Set<string>();

  /**
   * The tokens of one file, directives applied, macros expanded. A quoted
   * `#include` that `resolve` knows is read in place, once per unit (the
   * runtime headers define the macros that later headers use).
   */
  tokens(text: string, resolve: (name: string) => string | undefined = () => undefined): Token[] {
    const out: Token[] = [];
    // Lines are expanded in runs between directives: a macro applies from its #define on, and a call may span lines.
    let pending: Token[] = [];
    const flush = (): void => {
      append(out, this.expand(pending, new Set()));
      pending = [];
    };
    // Each entry: is the enclosing block live, has a branch of this #if been taken.
    const stack: Array<{ live: boolean; taken: boolean }> = [];
    const live = (): boolean => stack.every((s) => s.live);
    for (const line of logicalLines(text)) {
      const directive = /^\s*#\s*(\w+)\s*(.*)$/.exec(line);
      if (directive === null) {
        if (live() && !TABLE_ROW.test(line)) tokenizeLine(line, pending);
        continue;
      }
      const [, name, rest] = directive as unknown as [string, string, string];
      if (name === 'if' || name === 'ifdef' || name === 'ifndef') {
        const cond = name === 'if' ? this.condition(rest) : this.macros.has(rest.trim()) === (name === 'ifdef');
        const on = live() && cond;
        stack.push({ live: on, taken: on });
      } else if (name === 'elif') {
        const top = stack[stack.length - 1];
        if (top) {
          const on = !top.taken && stack.slice(0, -1).every((s) => s.live) && this.condition(rest);
          top.live = on;
          top.taken ||= on;
        }
      } else if (name === 'else') {
        const top = stack[stack.length - 1];
        if (top) {
          top.live = !top.taken && stack.slice(0, -1).every((s) => s.live);
          top.taken = true;
        }
      } else if (name === 'endif') {
        stack.pop();
      } else if (live()) {
        flush();
        this.directive(name, rest, out, resolve);
      }
    }
    flush();
    return out;
  }

  private directive(name: string, rest: string, out: Token[], resolve: (name: string) => string | undefined): void {
    if (name === 'include') {
      const file = /^"([^"]+)"/.exec(rest)?.[1];
      if (file === undefined || this.included.has(file)) return;
      const text = resolve(file);
      if (text === undefined) return;
      this.included.add(file);
      append(out, this.tokens(text, resolve));
    } else if (name === 'define') this.define(rest);
    else if (name === 'undef') this.macros.delete(rest.trim());
  }

  private define(rest: string): void {
    const m = /^(\w+)(\(([^)]*)\))?\s*(.*)$/.exec(rest);
    if (m === null) return;
    const body: Token[] = [];
    tokenizeLine(m[4] ?? '', body);
    const params = m[2] !== undefined ? m[3]!.split(',').map((p) => p.trim()).filter((p) => p.length > 0) : undefined;
    this.macros.set(m[1]!, params !== undefined ? { params, body } : { body });
  }

  /** Macro expansion (no `#`/`##` operators: the runtime headers use none). */
  private expand(tokens: readonly Token[], active: ReadonlySet<string>): Token[] {
    const out: Token[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      const macro = t.kind === 'id' && !active.has(t.text) ? this.macros.get(t.text) : undefined;
      if (macro === undefined) {
        out.push(t);
        continue;
      }
      const inner = new Set(active).add(t.text);
      if (macro.params === undefined) {
        append(out, this.expand(macro.body, inner));
        continue;
      }
      if (tokens[i + 1]?.text !== '(') {
        out.push(t);
        continue;
      }
      const args: Token[][] = [[]];
      let depth = 0;
      let j = i + 2;
      for (; j < tokens.length; j++) {
        const a = tokens[j]!;
        if (a.text === '(') depth++;
        if (a.text === ')' && depth-- === 0) break;
        if (a.text === ',' && depth === 0) args.push([]);
        else args[args.length - 1]!.push(a);
      }
      const bound = new Map(macro.params.map((p, k) => [p, this.expand(args[k] ?? [], active)]));
      const body = macro.body.flatMap((b) => (b.kind === 'id' && bound.has(b.text) ? bound.get(b.text)! : [b]));
      append(out, this.expand(body, inner));
      i = j;
    }
    return out;
  }

  /** Evaluates an `#if` condition; what it cannot read is false. */
  private condition(text: string): boolean {
    const tokens: Token[] = [];
    tokenizeLine(text, tokens);
    const values: Array<number | string> = [];
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (t.text === 'defined') {
        const paren = tokens[i + 1]?.text === '(';
        const name = tokens[i + (paren ? 2 : 1)]?.text ?? '';
        values.push(this.macros.has(name) ? 1 : 0);
        i += paren ? 3 : 1;
      } else if (t.kind === 'id') values.push(this.macroValue(t.text) ?? 0);
      else if (t.kind === 'num') values.push(Number(t.text.replace(/[uUlL]+$/, '')));
      else values.push(t.text);
    }
    const value = evaluateCondition(values);
    return value !== undefined && value !== 0;
  }

  private macroValue(name: string): number | undefined {
    const body = this.macros.get(name)?.body;
    return body?.length === 1 && body[0]!.kind === 'num' ? Number(body[0]!.text.replace(/[uUlL]+$/, '')) : undefined;
  }
}

const CONDITION_OPS: ReadonlyArray<Readonly<Record<string, (a: number, b: number) => number>>> = [
  { '||': (a, b) => Number(a !== 0 || b !== 0) },
  { '&&': (a, b) => Number(a !== 0 && b !== 0) },
  { '==': (a, b) => Number(a === b), '!=': (a, b) => Number(a !== b) },
  { '<': (a, b) => Number(a < b), '>': (a, b) => Number(a > b), '<=': (a, b) => Number(a <= b), '>=': (a, b) => Number(a >= b) },
];

/** An `#if` expression over numbers, `!`, parentheses, `&&`, `||` and comparisons; undefined when malformed. */
function evaluateCondition(items: ReadonlyArray<number | string>): number | undefined {
  let at = 0;
  const primary = (): number | undefined => {
    const t = items[at++];
    if (typeof t === 'number') return t;
    if (t === '!') {
      const v = primary();
      return v === undefined ? undefined : Number(v === 0);
    }
    if (t === '(') {
      const v = binary(0);
      return items[at++] === ')' ? v : undefined;
    }
    return undefined;
  };
  const binary = (level: number): number | undefined => {
    if (level === CONDITION_OPS.length) return primary();
    let left = binary(level + 1);
    for (;;) {
      const op = items[at];
      const fn = typeof op === 'string' ? CONDITION_OPS[level]![op] : undefined;
      if (fn === undefined || left === undefined) return left;
      at++;
      const right = binary(level + 1);
      if (right === undefined) return undefined;
      left = fn(left, right);
    }
  };
  const v = binary(0);
  return at === items.length ? v : undefined;
}
