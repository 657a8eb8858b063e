/** Stage 3: the VMContext layout's input, the module's entity counts. The layout itself is runtime-lib/vmcontext.ts, shared with the runtime. */
import type { EntityCounts, WasmModule } from '../model/types.js';
import { computeVMOffsets, type VMOffsets } from '../../runtime-lib/vmcontext.js';

export function countEntities(m: WasmModule): EntityCounts {
  const imported = (kind: string) => m.imports.filter((i) => i.desc.kind === kind).length;
  return {
    importedFuncs: imported('func'),
    importedTables: imported('table'),
    importedMemories: imported('memory'),
    importedGlobals: imported('global'),
    definedFuncs: m.funcs.length,
    definedTables: m.tables.length,
    definedMemories: m.memories.length,
    definedGlobals: m.globals.length,
    dataSegments: m.datas.length,
    elemSegments: m.elems.length,
  };
}

export function layoutOf(m: WasmModule): VMOffsets {
  return computeVMOffsets(countEntities(m));
}
