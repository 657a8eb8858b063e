/** What the shim needs of a generated module (the ES module wasm2ts writes). */
import type { ModuleInfo } from '../module-info.js';

export interface GeneratedModule {
  /** Creates an instance; links `imports` as the JS API does (TypeError, LinkError). */
  instantiate(imports: any, options?: any): { readonly exports: any };
  readonly moduleInfo: ModuleInfo;
}
