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
 *
 * Two locals compared with each other are narrowed too: inside `if (a === 1) { if (b === 2)`
 * TypeScript types `a` as 1 and `b` as 2 and rejects `a === b`, and `a === b` narrows `a` to
 * whatever literal `b` has. So a local compared with a literal or switched on (narrowable), or
 * compared with such a local (transitively), is narrowable, and both sides of a comparison of
 * two narrowable locals are widened, in it and in all their other comparisons.
 */

const NAME = String.raw`[A-Za-z_$][\w$]*`;
const LITERAL = String.raw`-?\d+`;
/** `name === 5` or `5 !== name`: a bare local (not a member, element or call) against an integer literal. */
const NAME_FIRST = new RegExp(String.raw`(?<![\w$.\]])(${NAME}) (===|!==) (${LITERAL})(?![\w$.])`, 'g');
const LITERAL_FIRST = new RegExp(String.raw`(?<![\w$.])(${LITERAL}) (===|!==) (${NAME})(?![\w$.([])`, 'g');
const SWITCH = new RegExp(String.raw`^switch \((${NAME})\) \{$`);
/** `a === b`: two bare locals. */
const NAME_PAIR = new RegExp(String.raw`(?<![\w$.\]])(${NAME}) (===|!==) (${NAME})(?![\w$.([])`, 'g');

/**
 * Whether a line can hold a comparison or a switch at all: a cheap test that spares the
 * regular expressions the lines that have neither (19 in 20 of sql.js's lines; with it this
 * pass took 140 ms of that module's compile rather than 490).
 */
function mayNarrow(line: string): boolean {
  return line.includes('==') || line.includes('switch (');
}

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
    if (!mayNarrow(line)) continue;
    for (const m of line.matchAll(NAME_FIRST)) note(m[1]!, m[3]!);
    for (const m of line.matchAll(LITERAL_FIRST)) note(m[3]!, m[1]!);
    const s = SWITCH.exec(line.trim());
    if (s) switched.set(s[1]!, (switched.get(s[1]!) ?? 0) + 1);
  }
  const widen = new Set([...literals].filter(([name, set]) => set.size >= 2 || switched.has(name)).map(([name]) => name));
  for (const [name, count] of switched) if (count >= 2) widen.add(name);
  for (const name of comparedLocals(lines, new Set([...literals.keys(), ...switched.keys()]))) widen.add(name);
  if (widen.size === 0) return [...lines];
  const wide = (name: string) => (widen.has(name) ? `(${name} as number)` : name);
  return lines.map((line) => {
    if (!mayNarrow(line)) return line;
    let out = line.replace(NAME_FIRST, (whole, name: string, op: string, literal: string) => (widen.has(name) ? `${wide(name)} ${op} ${literal}` : whole));
    out = out.replace(LITERAL_FIRST, (whole, literal: string, op: string, name: string) => (widen.has(name) ? `${literal} ${op} ${wide(name)}` : whole));
    out = out.replace(NAME_PAIR, (_whole, a: string, op: string, b: string) => `${wide(a)} ${op} ${wide(b)}`);
    const s = SWITCH.exec(out.trim());
    return s && widen.has(s[1]!) ? out.replace(`switch (${s[1]}) {`, `switch (${s[1]} as number) {`) : out;
  });
}

/**
 * The locals on either side of a comparison of two narrowable locals, where `narrowable` starts
 * as those compared with literals or switched on and grows by the comparisons of two locals
 * (one narrowable local passes its literal type to the other).
 */
function comparedLocals(lines: readonly string[], narrowable: Set<string>): Set<string> {
  const pairs: [string, string][] = [];
  for (const line of lines) if (mayNarrow(line)) for (const m of line.matchAll(NAME_PAIR)) pairs.push([m[1]!, m[3]!]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [a, b] of pairs) {
      if (narrowable.has(a) === narrowable.has(b)) continue;
      narrowable.add(narrowable.has(a) ? b : a);
      grew = true;
    }
  }
  return new Set(pairs.filter(([a, b]) => narrowable.has(a) && narrowable.has(b)).flat());
}
