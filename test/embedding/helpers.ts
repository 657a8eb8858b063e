/** Shared by the embedding tests: .wat text to a loaded generated module the Linker accepts. */
import { compileAndLoad } from '../helpers/generated.js';
import type { CompiledModule } from '../../runtime-lib/index.js';

/** Compiles `wat` (once per name per process) and imports it as a `CompiledModule`. */
export async function loadModule(name: string, wat: string): Promise<CompiledModule> {
  return (await compileAndLoad(`embedding-${name}`, wat)) as unknown as CompiledModule;
}
