/**
 * The checked-in list of assertions known to fail (test/spec/expectations.json).
 * An assertion is identified by file, line, kind and (when several of the same kind share a
 * line) its ordinal `n` on that line. The list may only shrink: the ava test fails both on a
 * new failure and on a listed assertion that no longer fails.
 */
import fs from 'node:fs';
import { EXPECTATIONS_FILE } from './paths.js';
import type { AssertionResult } from './runner.js';

export interface KnownFailure {
  line: number;
  kind: string;
  /** Ordinal among same-kind assertions on the same line (omitted when 0). */
  n?: number;
  reason: string;
}

export interface Expectations {
  /** Testsuite commit the list was generated against. */
  testsuite?: string;
  files: Record<string, KnownFailure[]>;
}

export function loadExpectations(file = EXPECTATIONS_FILE): Expectations {
  if (!fs.existsSync(file)) return { files: {} };
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Expectations;
}

const MAX_REASON = 160;

/** Serializes with one failure per line, so diffs stay readable. */
export function saveExpectations(exp: Expectations, file = EXPECTATIONS_FILE): void {
  const lines: string[] = ['{'];
  lines.push(`  "testsuite": ${JSON.stringify(exp.testsuite ?? null)},`);
  lines.push('  "files": {');
  const names = Object.keys(exp.files)
    .filter((f) => exp.files[f]!.length > 0)
    .sort();
  names.forEach((name, fi) => {
    const list = exp.files[name]!;
    lines.push(`    ${JSON.stringify(name)}: [`);
    list.forEach((k, i) => {
      const obj: KnownFailure = { line: k.line, kind: k.kind, ...(k.n ? { n: k.n } : {}), reason: k.reason };
      lines.push(`      ${JSON.stringify(obj)}${i < list.length - 1 ? ',' : ''}`);
    });
    lines.push(`    ]${fi < names.length - 1 ? ',' : ''}`);
  });
  lines.push('  }');
  lines.push('}');
  fs.writeFileSync(file, lines.join('\n') + '\n');
}

function key(line: number, kind: string, n: number): string {
  return `${line}:${kind}#${n}`;
}

/** Keys of results, numbering same-kind assertions that share a line. */
function keyed(results: readonly AssertionResult[]): { key: string; n: number; r: AssertionResult }[] {
  const seen = new Map<string, number>();
  return results.map((r) => {
    const base = `${r.line}:${r.kind}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return { key: key(r.line, r.kind, n), n, r };
  });
}

/** The known-failure entries for a file's results. */
export function failuresOf(results: readonly AssertionResult[]): KnownFailure[] {
  return keyed(results)
    .filter((x) => x.r.status === 'fail')
    .map(({ n, r }) => ({ line: r.line, kind: r.kind, ...(n ? { n } : {}), reason: (r.reason ?? '').slice(0, MAX_REASON) }));
}

export interface Comparison {
  /** Failed but not listed. */
  newFailures: AssertionResult[];
  /** Listed but did not fail (passed, skipped or no longer exists). */
  fixed: (KnownFailure & { now: string })[];
}

export function compare(results: readonly AssertionResult[], known: readonly KnownFailure[]): Comparison {
  const byKey = new Map(keyed(results).map((x) => [x.key, x.r]));
  const knownKeys = new Set(known.map((k) => key(k.line, k.kind, k.n ?? 0)));
  const newFailures = keyed(results)
    .filter((x) => x.r.status === 'fail' && !knownKeys.has(x.key))
    .map((x) => x.r);
  const fixed: (KnownFailure & { now: string })[] = [];
  for (const k of known) {
    const r = byKey.get(key(k.line, k.kind, k.n ?? 0));
    if (!r || r.status !== 'fail') fixed.push({ ...k, now: r ? r.status : 'absent' });
  }
  return { newFailures, fixed };
}
