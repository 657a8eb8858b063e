/**
 * Walking binaryen.js expression trees, for the fuzz tools that edit modules (the reducer,
 * the NaN triage): binaryen.js exposes an expression's children only through its info
 * object, under a field name that depends on the expression kind.
 */
import binaryen from 'binaryen';

const CHILD_FIELDS = ['children', 'operands', 'values', 'condition', 'ifTrue', 'ifFalse', 'body', 'value', 'left', 'right', 'ptr', 'size', 'dest', 'source', 'target', 'delta', 'ref', 'index', 'offset'] as const;

/** Expression children of `expr` (by binaryen.js's info fields). */
export function childrenOf(expr: number): number[] {
  const id = binaryen.getExpressionId(expr);
  if (id === binaryen.ConstId || id === binaryen.UnreachableId || id === binaryen.NopId) return [];
  let info: Record<string, unknown>;
  try {
    info = binaryen.getExpressionInfo(expr) as unknown as Record<string, unknown>;
  } catch {
    return []; // binaryen.js has no info for some expressions: a leaf to us
  }
  const out: number[] = [];
  for (const f of CHILD_FIELDS) {
    // `index`, `offset`, `size`, `delta` are plain numbers for most expressions (local.get, loads, ...).
    if (f in EXPR_VALUED && !EXPR_VALUED[f as keyof typeof EXPR_VALUED].has(id)) continue;
    if (f === 'target' && id !== binaryen.CallIndirectId) continue;
    const v = info[f];
    if (Array.isArray(v)) {
      for (const c of v) if (typeof c === 'number' && c !== 0) out.push(c);
    } else if (typeof v === 'number' && v !== 0) out.push(v);
  }
  return out;
}

const EXPR_VALUED: Record<'index' | 'offset' | 'size' | 'delta', Set<number>> = {
  index: new Set([binaryen.TableGetId, binaryen.TableSetId]),
  offset: new Set([binaryen.MemoryInitId]),
  size: new Set([binaryen.MemoryInitId, binaryen.MemoryCopyId, binaryen.MemoryFillId]),
  delta: new Set([binaryen.MemoryGrowId, binaryen.TableGrowId]),
};

/** Every expression of a function body, in a fixed pre-order. */
export function walk(body: number): number[] {
  const out: number[] = [];
  const stack = [body];
  while (stack.length > 0) {
    const e = stack.pop()!;
    out.push(e);
    const kids = childrenOf(e);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
  return out;
}

/** The names of the module's defined (not imported) functions. */
export function definedFunctionNames(m: binaryen.Module): string[] {
  const names: string[] = [];
  for (let i = 0; i < m.getNumFunctions(); i++) {
    const info = binaryen.getFunctionInfo(m.getFunctionByIndex(i));
    if (!info.module) names.push(info.name);
  }
  return names;
}
