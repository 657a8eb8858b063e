// Probe: how deep guest recursion goes in QuickJS compiled by wasm2ts (polyfill), vs native.
import { compilePackageWasm, withShimOnly } from './dist/test/webassembly/glue.js';
const useNative = process.argv[2] === 'native';
const { generated } = await compilePackageWasm('quickjs-release-sync', '@jitl/quickjs-wasmfile-release-sync/wasm');
async function probe() {
  const core = await import('quickjs-emscripten-core');
  const variant = (await import('@jitl/quickjs-wasmfile-release-sync')).default;
  const QuickJS = await core.newQuickJSWASMModuleFromVariant(variant);
  const runtime = QuickJS.newRuntime();
  runtime.setMaxStackSize(0);
  const vm = runtime.newContext();
  let lo = 1, hi = 20000;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    let ok;
    try {
      const r = vm.evalCode(`function d(n){ return n === 0 ? 0 : 1 + d(n - 1); } d(${mid})`);
      ok = !r.error; if (r.error) r.error.dispose(); else r.value.dispose();
    } catch (e) { ok = false; }
    if (ok) lo = mid; else hi = mid - 1;
  }
  return lo;
}
const depth = useNative ? await probe() : await withShimOnly([generated], probe);
console.log(useNative ? 'native' : 'wasm2ts', 'max guest depth', depth);
