/**
 * Feature groups of the spec testsuite files, and which of them are in scope for the
 * conformance gate (the ava test). Out-of-scope files are still measured by the CLI.
 */

export const IN_SCOPE_GROUPS = [
  'numeric',
  'memory',
  'control',
  'calls',
  'variables',
  'module structure',
  'tables/references',
  'text/traps',
  'multi-memory',
] as const;

export const OUT_OF_SCOPE_GROUPS = ['simd', 'memory64', 'tail-call', 'exceptions', 'gc', 'proposals', 'other'] as const;

export type Group = (typeof IN_SCOPE_GROUPS)[number] | (typeof OUT_OF_SCOPE_GROUPS)[number];

export const ALL_GROUPS: readonly Group[] = [...IN_SCOPE_GROUPS, ...OUT_OF_SCOPE_GROUPS];

const GC_FILES = new Set([
  'array', 'array_copy', 'array_fill', 'array_init_data', 'array_init_elem', 'array_new_data', 'array_new_elem',
  'binary-gc', 'br_on_cast', 'br_on_cast_fail', 'br_on_non_null', 'br_on_null', 'call_ref', 'extern', 'i31',
  'local_init', 'ref', 'ref_as_non_null', 'ref_cast', 'ref_eq', 'ref_test', 'struct', 'table-sub',
  'type-canon', 'type-equivalence', 'type-rec', 'type-subtyping',
]);

const EXCEPTION_FILES = new Set(['tag', 'throw', 'throw_ref', 'try_table']);

const CONTROL_FILES = new Set([
  'block', 'loop', 'if', 'return', 'nop', 'select', 'unreachable', 'unwind', 'labels', 'switch', 'stack', 'left-to-right',
]);

const TEXT_FILES = new Set(['token', 'comments', 'obsolete-keywords', 'skip-stack-guard-page']);

/**
 * Group of a testsuite file, given its path relative to the testsuite root with `/` separators
 * (e.g. `i32.wast`, `proposals/threads/atomic.wast`).
 */
export function groupOf(rel: string): Group {
  const parts = rel.split('/');
  if (parts.length > 1) {
    if (parts[0] === 'proposals') return 'proposals';
    if (parts[0] === 'legacy') return 'exceptions';
    return 'other';
  }
  const n = rel.replace(/\.wast$/, '');
  if (n.startsWith('simd_') || n.includes('relaxed')) return 'simd';
  if (n.startsWith('return_call')) return 'tail-call';
  if (EXCEPTION_FILES.has(n)) return 'exceptions';
  if (GC_FILES.has(n)) return 'gc';
  if (/^(i32|i64|f32.*|f64.*)$/.test(n)) return 'numeric';
  if (n.includes('64')) return 'memory64';
  if (n === 'memory-multi' || /[a-z_]\d$/.test(n)) return 'multi-memory';
  if (/^(conversions|const|float_.*|int_.*|.*_literals)$/.test(n)) return 'numeric';
  if (/^(memory.*|address.*|align.*|endianness.*|load.*|store.*)$/.test(n)) return 'memory';
  if (CONTROL_FILES.has(n) || n.startsWith('br')) return 'control';
  if (n.startsWith('call') || n.startsWith('func') || n === 'fac' || n === 'forward') return 'calls';
  if (n.startsWith('local_') || n === 'global') return 'variables';
  if (/^(exports.*|imports.*|linking.*|start.*|names|data.*|elem|custom|binary.*)$/.test(n)) return 'module structure';
  if (n.startsWith('table') || n === 'ref_null' || n === 'ref_is_null' || n === 'ref_func' || n === 'bulk') {
    return 'tables/references';
  }
  if (TEXT_FILES.has(n) || n.startsWith('traps') || n.startsWith('utf8-') || n.startsWith('unreached-')) return 'text/traps';
  return 'other';
}

export function isInScope(rel: string): boolean {
  return (IN_SCOPE_GROUPS as readonly string[]).includes(groupOf(rel));
}
