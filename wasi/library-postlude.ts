/** Removes the stand-in `WXWebAssembly` once the library has loaded: see library-prelude.ts. */
import { definedStandIn } from './library-prelude.js';

if (definedStandIn) delete (globalThis as { WXWebAssembly?: unknown }).WXWebAssembly;
