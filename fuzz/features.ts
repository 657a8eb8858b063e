/**
 * The Wasm features both sides support: MVP plus what Node 20 runs natively and wasm2ts
 * compiles (no SIMD, GC, exceptions, tail calls, memory64, multi-memory, threads, strings).
 * Declared once: as wasm-opt flags for the generator, and as binaryen.js feature bits for
 * the mutator and the reducer.
 */
import type binaryen from 'binaryen';

type FeatureKey = 'SignExt' | 'NontrappingFPToInt' | 'BulkMemory' | 'MutableGlobals' | 'Multivalue' | 'ReferenceTypes';

const SHARED_FEATURES: readonly (readonly [flag: string, key: FeatureKey])[] = [
  ['sign-ext', 'SignExt'],
  ['nontrapping-float-to-int', 'NontrappingFPToInt'],
  ['bulk-memory', 'BulkMemory'],
  ['mutable-globals', 'MutableGlobals'],
  ['multivalue', 'Multivalue'],
  ['reference-types', 'ReferenceTypes'],
];

/** wasm-opt's command-line flags for the shared features. */
export const FEATURE_FLAGS: readonly string[] = ['--mvp-features', ...SHARED_FEATURES.map(([flag]) => `--enable-${flag}`)];

/** binaryen.js's feature bits for the shared features (`module.setFeatures`). */
export function binaryenFeatures(lib: typeof binaryen): number {
  return SHARED_FEATURES.reduce((bits, [, key]) => bits | lib.Features[key], 0);
}
