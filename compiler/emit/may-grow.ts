/**
 * Which functions may grow a memory while they run. Generated code keeps a function-local
 * copy of each memory's DataView and must re-read it after anything that can replace the
 * buffer; a call to a function that provably cannot is left without the re-read (keeping
 * the view one SSA value lets V8 drop repeated checks on it: binarytrees ~15%).
 *
 * A function may grow memory if its body has `memory.grow`, calls an imported function
 * (the host may grow any memory it can reach, or call back into Wasm), has a `call_indirect`
 * that may reach any function (a table the host can write), or calls a function that may.
 * A `call_indirect` through a table whose contents the compiler knows (../write/sealed-tables.ts)
 * counts as a call of each entry of its signature (any other index traps): the dispatch
 * kernel's bytecode VM keeps its views across its handlers' calls that way. Computed as a
 * fixpoint over calls; recursion without any of these stays "cannot grow".
 */
import type { WasmModule } from '../model/types.js';

/**
 * The functions a `call_indirect` through `table` with type `typeIndex` can call, or
 * undefined when any function can be (the table is not sealed).
 */
export type IndirectCallees = (table: number, typeIndex: number) => Iterable<number> | undefined;

/** For each function index (imports first), whether calling it may grow a memory. */
export function functionsThatMayGrowMemory(module: WasmModule, indirectCallees: IndirectCallees): readonly boolean[] {
  const importedFuncs = module.imports.filter((i) => i.desc.kind === 'func').length;
  const mayGrow: boolean[] = [];
  for (let i = 0; i < importedFuncs; i++) mayGrow.push(true);
  /** callers[f] = defined functions that call f, directly or through a sealed table. */
  const callers = new Map<number, number[]>();
  const pending: number[] = [];
  module.funcs.forEach((func, k) => {
    const index = importedFuncs + k;
    let grows = false;
    const calls = (callee: number) => {
      if (callee < importedFuncs) {
        grows = true;
        return;
      }
      const list = callers.get(callee);
      if (list) list.push(index);
      else callers.set(callee, [index]);
    };
    for (const instr of func.body) {
      if (instr.op === 'memory.grow') grows = true;
      else if (instr.op === 'call') calls(instr.index!);
      else if (instr.op === 'call_indirect') {
        const callees = indirectCallees(instr.index2 ?? 0, instr.index!);
        if (callees === undefined) grows = true;
        else for (const callee of callees) calls(callee);
      }
    }
    mayGrow.push(grows);
    if (grows) pending.push(index);
  });
  // Propagate "may grow" from each such function to its callers.
  while (pending.length > 0) {
    const f = pending.pop()!;
    for (const caller of callers.get(f) ?? []) {
      if (!mayGrow[caller]) {
        mayGrow[caller] = true;
        pending.push(caller);
      }
    }
  }
  return mayGrow;
}
