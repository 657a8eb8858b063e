/**
 * Which functions may grow a memory while they run. Generated code keeps a function-local
 * copy of each memory's DataView and must re-read it after anything that can replace the
 * buffer; a call to a function that provably cannot is left without the re-read (keeping
 * the view one SSA value lets V8 drop repeated checks on it: binarytrees ~15%).
 *
 * A function may grow memory if its body has `memory.grow`, calls an imported function
 * (the host may grow any memory it can reach, or call back into Wasm), has `call_indirect`
 * (any table entry, possibly a host function), or calls a function that may. Computed as a
 * fixpoint over direct calls; recursion without any of these stays "cannot grow".
 */
import type { WasmModule } from '../model/types.js';

/** For each function index (imports first), whether calling it may grow a memory. */
export function functionsThatMayGrowMemory(module: WasmModule): readonly boolean[] {
  const importedFuncs = module.imports.filter((i) => i.desc.kind === 'func').length;
  const mayGrow: boolean[] = [];
  for (let i = 0; i < importedFuncs; i++) mayGrow.push(true);
  /** callers[f] = defined functions that call f directly. */
  const callers = new Map<number, number[]>();
  const pending: number[] = [];
  module.funcs.forEach((func, k) => {
    const index = importedFuncs + k;
    let grows = false;
    for (const instr of func.body) {
      if (instr.op === 'memory.grow' || instr.op === 'call_indirect') grows = true;
      else if (instr.op === 'call') {
        const callee = instr.index!;
        if (callee < importedFuncs) grows = true;
        else {
          const list = callers.get(callee);
          if (list) list.push(index);
          else callers.set(callee, [index]);
        }
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
