/**
 * Facts read off the syntax trees before counting: which names a function
 * writes (they are never known constants), how often each function is
 * called, canonical texts of expressions (to tell repeats apart), whether an
 * expression is free of side effects, and an index's variable part.
 */
import type { Expr, Stmt } from './parser.js';

/** Calls `visit` on every expression of the statements, outermost first. */
export function forEachExpr(body: readonly Stmt[], visit: (e: Expr) => void): void {
  const expr = (e: Expr | undefined): void => {
    if (e === undefined) return;
    visit(e);
    switch (e.k) {
      case 'call': e.args.forEach(expr); return;
      case 'assign': expr(e.target); expr(e.value); return;
      case 'unary': case 'postfix': case 'cast': expr(e.arg); return;
      case 'sizeof': expr(e.arg); return;
      case 'index': expr(e.base); expr(e.index); return;
      case 'binary': expr(e.left); expr(e.right); return;
      case 'cond': expr(e.test); expr(e.then); expr(e.else); return;
      case 'comma': case 'init': e.items.forEach(expr); return;
      default: return;
    }
  };
  const stmt = (st: Stmt | undefined): void => {
    if (st === undefined) return;
    switch (st.k) {
      case 'expr': expr(st.e); return;
      case 'decl': st.vars.forEach((v) => expr(v.init)); return;
      case 'if': expr(st.test); stmt(st.then); stmt(st.else); return;
      case 'for': stmt(st.init); expr(st.test); expr(st.step); stmt(st.body); return;
      case 'while': case 'switch': expr(st.test); stmt(st.body); return;
      case 'return': expr(st.e); return;
      case 'block': st.body.forEach(stmt); return;
      default: return;
    }
  };
  body.forEach(stmt);
}

/** Adds the calls to each function name in the statements to `out`. */
export function callCounts(body: readonly Stmt[], out: Map<string, number>): void {
  forEachExpr(body, (e) => {
    if (e.k === 'call') out.set(e.callee, (out.get(e.callee) ?? 0) + 1);
  });
}

/** Names the statements write (assignments, ++/--, address taken): they are never known constants. */
export function writtenNames(body: readonly Stmt[]): Set<string> {
  const out = new Set<string>();
  forEachExpr(body, (e) => {
    const target = e.k === 'assign' ? e.target : e.k === 'postfix' || (e.k === 'unary' && (e.op === '++' || e.op === '--' || e.op === '&')) ? e.arg : undefined;
    if (target?.k === 'id') out.add(target.name);
  });
  return out;
}

const keys = new WeakMap<Expr, string>();

/** A canonical text of an expression (for telling equal subexpressions apart). */
export function exprKey(e: Expr): string {
  let key = keys.get(e);
  if (key === undefined) {
    key = keyOf(e);
    keys.set(e, key);
  }
  return key;
}

/** Whether evaluating an expression has no side effects (so a repeat of it can reuse the first). */
export function isPure(e: Expr): boolean {
  switch (e.k) {
    case 'assign': case 'postfix': return false;
    case 'unary': return e.op !== '++' && e.op !== '--' && isPure(e.arg);
    case 'call': return e.callee.startsWith('ingot_') && e.args.every(isPure);
    case 'index': return isPure(e.base) && isPure(e.index);
    case 'cast': return isPure(e.arg);
    case 'binary': return isPure(e.left) && isPure(e.right);
    case 'cond': return isPure(e.test) && isPure(e.then) && isPure(e.else);
    case 'comma': case 'init': return e.items.every(isPure);
    default: return true;
  }
}

function keyOf(e: Expr): string {
  switch (e.k) {
    case 'num': return String(e.value);
    case 'str': return '"';
    case 'id': return e.name;
    case 'call': return `${e.callee}(${e.args.map(exprKey).join(',')})`;
    case 'index': return `${exprKey(e.base)}[${exprKey(e.index)}]`;
    case 'unary': return `${e.op}(${exprKey(e.arg)})`;
    case 'postfix': return `(${exprKey(e.arg)})${e.op}`;
    case 'cast': return `(${e.type.base}${e.type.bits}${'*'.repeat(e.type.pointer)})${exprKey(e.arg)}`;
    case 'sizeof': return `sizeof(${e.arg ? exprKey(e.arg) : `${e.type?.base}${e.type?.bits}`})`;
    case 'binary': return `(${exprKey(e.left)}${e.op}${exprKey(e.right)})`;
    case 'assign': return `(${exprKey(e.target)}${e.op}${exprKey(e.value)})`;
    case 'cond': return `(${exprKey(e.test)}?${exprKey(e.then)}:${exprKey(e.else)})`;
    case 'comma': case 'init': return `{${e.items.map(exprKey).join(',')}}`;
  }
}

/** An index without its literal offsets: `16 + j + 1` → `j`. */
export function variablePart(e: Expr): Expr {
  if (e.k === 'binary' && (e.op === '+' || e.op === '-')) {
    if (e.right.k === 'num') return variablePart(e.left);
    if (e.left.k === 'num' && e.op === '+') return variablePart(e.right);
  }
  return e;
}

