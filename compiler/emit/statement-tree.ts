/**
 * The statement tree of a function body's finished lines, which the emitter writes one
 * statement per line with every brace at a line's end (`L3: {`, `} else {`, `}`): parsed back
 * so that function splitting (./outline.ts) can move whole statements and the liveness
 * analysis (./liveness.ts) can follow control flow, then rendered again.
 */
import { indent } from './indent.js';

export type Node = { kind: 'line'; text: string; size: number } | Compound;
export interface Compound {
  kind: 'compound';
  /** The opening line (`L3: {`, `if (x) {`, `switch (y) {`, ...). */
  open: string;
  /** `} else {` between bodies. */
  separators: string[];
  bodies: Node[][];
  size: number;
  /** The size of its own lines (opening line, separators, closing brace), if not their length (see resize). */
  headSize?: number;
  /** The label this statement defines, if any. */
  label: string | undefined;
  isSwitch: boolean;
  isLoop: boolean;
}

export const LABEL = /^(L\d+): /;
export const JUMP = /^(break|continue) ([\w$]+);$/;

export const IDENTIFIER = /[A-Za-z_$][\w$]*/g;

/** Whether identifier `name` occurs anywhere in `nodes`. */
export function mentions(nodes: readonly Node[], name: string): boolean {
  const has = (text: string) => text.includes(name) && [...text.matchAll(IDENTIFIER)].some((m) => m[0] === name);
  return nodes.some((n) => (n.kind === 'line' ? has(n.text) : has(n.open) || n.separators.some(has) || n.bodies.some((b) => mentions(b, name))));
}

/** Builds the statement tree; undefined if a brace sits anywhere but where the emitter puts it. */
export function parse(lines: readonly string[]): Node[] | undefined {
  const root: Node[] = [];
  const open: { node: Compound; body: Node[] }[] = [];
  const current = () => (open.length > 0 ? open[open.length - 1].body : root);
  for (const text of lines) {
    const opens = text.endsWith('{');
    const closes = text.startsWith('}');
    const inner = text.slice(closes ? 1 : 0, opens ? -1 : undefined);
    if (inner.includes('{') || inner.includes('}')) return undefined;
    if (closes && opens) {
      const top = open[open.length - 1];
      if (!top) return undefined;
      top.node.separators.push(text);
      top.body = [];
      top.node.bodies.push(top.body);
    } else if (opens) {
      const label = LABEL.exec(text)?.[1];
      const rest = label ? text.slice(label.length + 2) : text;
      const node: Compound = { kind: 'compound', open: text, separators: [], bodies: [[]], size: 0, label, isSwitch: rest.startsWith('switch'), isLoop: rest.startsWith('while') };
      current().push(node);
      open.push({ node, body: node.bodies[0] });
    } else if (closes) {
      if (text !== '}' || !open.pop()) return undefined;
    } else {
      current().push({ kind: 'line', text, size: text.length });
    }
  }
  if (open.length > 0) return undefined;
  root.forEach(measure);
  return root;
}

export function measure(node: Node): number {
  if (node.kind === 'line') return node.size;
  node.size = (node.headSize ?? node.open.length + 1 + node.separators.reduce((n, s) => n + s.length, 0)) + node.bodies.reduce((n, b) => n + b.reduce((m, c) => m + measure(c), 0), 0);
  return node.size;
}

/** Sizes every line of `nodes` by `size` instead of its length, and every statement by its lines. */
export function resize(nodes: readonly Node[], size: (text: string) => number): void {
  for (const n of nodes) {
    if (n.kind === 'line') n.size = size(n.text);
    else {
      n.headSize = size(n.open) + 1 + n.separators.reduce((total, s) => total + size(s), 0);
      n.bodies.forEach((b) => resize(b, size));
    }
  }
  nodes.forEach(measure);
}

export const sizeOf = (nodes: readonly Node[]) => nodes.reduce((n, c) => n + c.size, 0);

/** The size of `nodes` with each line of text sized by `size` (and a closing brace as 1), whatever their recorded sizes. */
export function textSize(nodes: readonly Node[], size: (text: string) => number): number {
  let total = 0;
  forEachText(nodes, (text) => (total += size(text)));
  const braces = (list: readonly Node[]): number => list.reduce((n, c) => (c.kind === 'line' ? n : n + 1 + c.bodies.reduce((m, b) => m + braces(b), 0)), 0);
  return total + braces(nodes);
}

export function collectLabels(nodes: readonly Node[], into: Set<string>): void {
  for (const n of nodes) {
    if (n.kind !== 'compound') continue;
    if (n.label) into.add(n.label);
    n.bodies.forEach((b) => collectLabels(b, into));
  }
}

/** Copies `nodes` with `f` applied to every simple line (given the innermost loop label around it). */
export function mapLines(nodes: readonly Node[], loop: string | undefined, f: (text: string, loop: string | undefined) => string): Node[] {
  return nodes.map((n): Node => {
    if (n.kind === 'line') return line(f(n.text, loop));
    const inner = n.isLoop ? n.label : loop;
    return { ...n, bodies: n.bodies.map((b) => mapLines(b, inner, f)) };
  });
}

export function containsLine(nodes: readonly Node[], text: string): boolean {
  return nodes.some((n) => (n.kind === 'line' ? n.text === text : n.bodies.some((b) => containsLine(b, text))));
}

export function line(text: string): Node {
  return { kind: 'line', text, size: text.length };
}

export function render(nodes: readonly Node[], depth: number): string[] {
  const pad = indent(depth);
  const out: string[] = [];
  for (const n of nodes) {
    if (n.kind === 'line') {
      out.push(pad + n.text);
      continue;
    }
    out.push(pad + n.open);
    n.bodies.forEach((b, i) => {
      if (i > 0) out.push(pad + n.separators[i - 1]);
      out.push(...render(b, depth + 1));
    });
    out.push(pad + '}');
  }
  return out;
}

/** Calls `f` with every line of text in `nodes`: simple lines, opening lines and `} else {` separators. */
function forEachText(nodes: readonly Node[], f: (text: string) => void): void {
  for (const n of nodes) {
    if (n.kind === 'line') f(n.text);
    else {
      f(n.open);
      n.separators.forEach(f);
      n.bodies.forEach((b) => forEachText(b, f));
    }
  }
}

/** Every identifier that occurs in `nodes`. */
export function identifiers(nodes: readonly Node[]): Set<string> {
  const into = new Set<string>();
  forEachText(nodes, (text) => {
    for (const m of text.matchAll(IDENTIFIER)) into.add(m[0]);
  });
  return into;
}

/** How often each of `names` occurs in `nodes`. */
export function occurrences(nodes: readonly Node[], names: ReadonlySet<string>): Map<string, number> {
  const into = new Map<string, number>();
  forEachText(nodes, (text) => {
    for (const m of text.matchAll(IDENTIFIER)) if (names.has(m[0])) into.set(m[0], (into.get(m[0]) ?? 0) + 1);
  });
  return into;
}

/**
 * Every identifier that `nodes` may assign: the target of any assignment operator, `++` or
 * `--`, wherever in a line (a local.tee is an assignment inside an expression). It may name
 * more than are assigned (an arrow function's parameter), never fewer.
 */
export function assignedIn(nodes: readonly Node[]): Set<string> {
  const into = new Set<string>();
  forEachText(nodes, (text) => {
    for (const m of text.matchAll(ASSIGNED)) into.add(m[1] ?? m[2] ?? m[3]!);
  });
  return into;
}

const ASSIGNED = /(?<![\w$.])([A-Za-z_$][\w$]*)\s*(?:[-+*\/%&|^]|\*\*|<<|>>>?|&&|\|\||\?\?)?=(?!=)|(?<![\w$.])([A-Za-z_$][\w$]*)\s*(?:\+\+|--)|(?:\+\+|--)\s*([A-Za-z_$][\w$]*)/g;
