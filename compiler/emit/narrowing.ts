/**
 * Keeps TypeScript's narrowing from rejecting generated comparisons (strict mode, TS2367 and
 * TS2678).
 *
 * Why: TypeScript narrows a local compared with literals. After `if (c === 88) break L1;
 * if (c !== 120) break L0;` it types `c` as `88 | 120` where the two paths meet, and then
 * rejects `c === 98` as a comparison that "appears to be unintentional"; after
 * `switch (c) { case 0: break L2; ... }` it types `c` as `0` behind `L2`. Compilers emit such
 * comparisons on paths where they are dead, and Wasm keeps them (QuickJS's generated
 * TypeScript had five). A local that a function compares with two or more different literals
 * (or with one, and switches on; or switches on twice) is widened back to `number` in those comparisons
 * (`as` is a reserved name in ./names.ts, so the frame rewrite of split functions leaves it),
 * `(c as number) === 98`, and in its `switch`; JavaScript output is the same (the assertion
 * is erased), and functions whose locals are compared with one literal at most are unchanged.
 */

const NAME = String.raw`[A-Za-z_$][\w$]*`;
const LITERAL = String.raw`-?\d+`;
/** `name === 5` or `5 !== name`: a bare local (not a member, element or call) against an integer literal. */
const NAME_FIRST = new RegExp(String.raw`(?<![\w$.\]])(${NAME}) (===|!==) (${LITERAL})(?![\w$.])`, 'g');
const LITERAL_FIRST = new RegExp(String.raw`(?<![\w$.])(${LITERAL}) (===|!==) (${NAME})(?![\w$.([])`, 'g');
const SWITCH = new RegExp(String.raw`^switch \((${NAME})\) \{$`);

/** The body's lines with comparisons of locals TypeScript may narrow widened (see the module comment). */
export function widenNarrowedComparisons(lines: readonly string[]): string[] {
  const literals = new Map<string, Set<string>>();
  const switched = new Map<string, number>();
  const note = (name: string, literal: string) => {
    const set = literals.get(name) ?? new Set<string>();
    set.add(literal);
    literals.set(name, set);
  };
  for (const line of lines) {
    for (const m of line.matchAll(NAME_FIRST)) note(m[1]!, m[3]!);
    for (const m of line.matchAll(LITERAL_FIRST)) note(m[3]!, m[1]!);
    const s = SWITCH.exec(line.trim());
    if (s) switched.set(s[1]!, (switched.get(s[1]!) ?? 0) + 1);
  }
  const widen = new Set([...literals].filter(([name, set]) => set.size >= 2 || switched.has(name)).map(([name]) => name));
  for (const [name, count] of switched) if (count >= 2) widen.add(name);
  if (widen.size === 0) return [...lines];
  return lines.map((line) => {
    let out = line.replace(NAME_FIRST, (whole, name: string, op: string, literal: string) => (widen.has(name) ? `(${name} as number) ${op} ${literal}` : whole));
    out = out.replace(LITERAL_FIRST, (whole, literal: string, op: string, name: string) => (widen.has(name) ? `${literal} ${op} (${name} as number)` : whole));
    const s = SWITCH.exec(out.trim());
    return s && widen.has(s[1]!) ? out.replace(`switch (${s[1]}) {`, `switch (${s[1]} as number) {`) : out;
  });
}
