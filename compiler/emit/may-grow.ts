/**
 * Which functions may grow a memory while they run. Generated code keeps a function-local
 * copy of each memory's DataView and must re-read it after anything that can replace the
 * buffer; a call to a function that provably cannot is left without the re-read (keeping
 * the view one SSA value lets V8 drop repeated checks on it: binarytrees ~15%).
 *
 * A function may grow memory if its body has `memory.grow`, calls an imported function
 * (the host may grow any memory it can reach, or call back into Wasm), has a `call_indirect`
 * that may reach any function (through a table that is not sealed), or calls a function
 * that may. A `call_indirect` through a table whose contents the compiler knows
 * (../write/sealed-tables.ts) counts as a call of each entry of its signature (any other
 * index traps): the dispatch kernel's bytecode VM keeps its views across its handlers' calls
 * that way. Computed as a fixpoint over calls; recursion without any of these stays
 * "cannot grow".
 */
import type { WasmModule } from '../model/types.js';

/**
 * The functions a `call_indirect` through `table` with type `typeIndex` can call, or
 * undefined when any function can be (the table is not sealed).
 */
export type IndirectCallees = (table: number, typeIndex: number) => Iterable<number> | undefined;

/** The answers of the analysis. */
export interface MayGrow {
  /** Whether calling function `funcIndex` (imports first) may grow a memory. */
  func(funcIndex: number): boolean;
  /** Whether a `call_indirect` through `table` with type `typeIndex` may grow a memory. */
  indirect(table: number, typeIndex: number): boolean;
}

export function mayGrowMemory(module: WasmModule, indirectCallees: IndirectCallees): MayGrow {
  const importedFuncs = module.imports.filter((i) => i.desc.kind === 'func').length;
  const functions = importedFuncs + module.funcs.length;
  // The graph's nodes are the functions, then one per (table, type) that a call_indirect
  // through a sealed table uses: its call sites call that node and the node calls the
  // entries, so S sites of a signature with E entries make S + E edges, not S x E.
  const mayGrow: boolean[] = [];
  for (let i = 0; i < functions; i++) mayGrow.push(i < importedFuncs);
  /** callers[n] = the nodes that call node n. */
  const callers = new Map<number, number[]>();
  const call = (caller: number, callee: number) => {
    const list = callers.get(callee);
    if (list) list.push(caller);
    else callers.set(callee, [caller]);
  };
  /** The node of each (table, type) met, by `${table} ${typeIndex}`; undefined: not sealed. */
  const indirectNodes = new Map<string, number | undefined>();
  const indirectNode = (table: number, typeIndex: number): number | undefined => {
    const key = `${table} ${typeIndex}`;
    if (indirectNodes.has(key)) return indirectNodes.get(key);
    const callees = indirectCallees(table, typeIndex);
    let node: number | undefined;
    if (callees !== undefined) {
      node = mayGrow.length;
      mayGrow.push(false);
      for (const callee of callees) call(node, callee);
    }
    indirectNodes.set(key, node);
    return node;
  };
  module.funcs.forEach((func, k) => {
    const index = importedFuncs + k;
    for (const instr of func.body) {
      if (instr.op === 'memory.grow') mayGrow[index] = true;
      else if (instr.op === 'call') call(index, instr.index!);
      else if (instr.op === 'call_indirect') {
        const node = indirectNode(instr.index2 ?? 0, instr.index!);
        if (node === undefined) mayGrow[index] = true;
        else call(index, node);
      }
    }
  });
  // Propagate "may grow" from each node that may to its callers.
  const pending = mayGrow.flatMap((grows, node) => (grows ? [node] : []));
  while (pending.length > 0) {
    const node = pending.pop()!;
    for (const caller of callers.get(node) ?? []) {
      if (!mayGrow[caller]) {
        mayGrow[caller] = true;
        pending.push(caller);
      }
    }
  }
  return {
    func: (funcIndex) => mayGrow[funcIndex]!,
    indirect: (table, typeIndex) => {
      // Undefined for a table that is not sealed, and for a call no function body has (the
      // fixpoint never met it): either way, it may.
      const node = indirectNodes.get(`${table} ${typeIndex}`);
      return node === undefined || mayGrow[node]!;
    },
  };
}
