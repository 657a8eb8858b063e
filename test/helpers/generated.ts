/**
 * Turning fixtures into running modules, two ways:
 * - `compileAndLoad`: the product path. wasm2ts compiles the module to JS, we write it under
 *   out/test/ and import it, so its `import ... from 'wasm2ts/runtime'` resolves through the
 *   package's self-reference to dist/runtime-lib.
 * - `nativeInstance`: Node's own WebAssembly on the same source, the reference that every
 *   expectation in the behaviour tests is checked against.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { fileURLToPath, pathToFileURL } from 'node:url';
import binaryen from 'binaryen';
import { compile, type CompileOptions } from '../../compiler/index.js';
import { NativeWebAssembly, type NativeImports, type NativeInstance } from './native-wasm.js';

/** The package root (this file runs as dist/test/helpers/generated.js). */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const fixturesDir = path.join(repoRoot, 'fixtures');
const outDir = path.join(repoRoot, 'out', 'test');

/** The fixture names (file names without .wat), sorted. */
export function fixtureNames(): string[] {
  return fs
    .readdirSync(fixturesDir)
    .filter((file) => file.endsWith('.wat'))
    .map((file) => file.slice(0, -'.wat'.length))
    .sort();
}

export function readFixture(name: string): string {
  return fs.readFileSync(path.join(fixturesDir, `${name}.wat`), 'utf8');
}

/**
 * The Wasm features Node 20 runs natively. binaryen's `Features.All` would also enable GC
 * (bottom heap types such as `nofunc` in `ref.null func`) and compact imports, which Node 20 rejects.
 */
const NODE_FEATURES =
  binaryen.Features.MutableGlobals |
  binaryen.Features.NontrappingFPToInt |
  binaryen.Features.SIMD128 |
  binaryen.Features.BulkMemory |
  binaryen.Features.SignExt |
  binaryen.Features.TailCall |
  binaryen.Features.ReferenceTypes |
  binaryen.Features.Multivalue;

/** .wat text to a binary, through binaryen (names kept in a name section). */
export function watToBytes(text: string): Uint8Array {
  const module = binaryen.parseText(text);
  try {
    module.setFeatures(NODE_FEATURES);
    binaryen.setDebugInfo(true);
    return module.emitBinary();
  } finally {
    binaryen.setDebugInfo(false);
    module.dispose();
  }
}

function toBytes(source: Uint8Array | string): Uint8Array {
  return typeof source === 'string' ? watToBytes(source) : source;
}

/** A native instance of the same source: the reference implementation in tests. */
export function nativeInstance(source: Uint8Array | string, imports: NativeImports = {}): NativeInstance {
  return new NativeWebAssembly.Instance(new NativeWebAssembly.Module(toBytes(source)), imports);
}

/** The shape every generated module has; its precise types live in the generated .d.ts. */
export interface GeneratedModule {
  instantiate(imports?: object, options?: object): { exports: Record<string, any> };
  [name: string]: unknown;
}

const loaded = new Map<string, { digest: string; module: Promise<GeneratedModule> }>();

function digestOf(source: Uint8Array | string): string {
  return createHash('sha256').update(source).digest('hex');
}

/**
 * Compiles `source` with wasm2ts (target 'js', unformatted), writes out/test/<name>.js and
 * its .d.ts, and imports it. Several test files may do this at once for the same fixture,
 * so files are written to a temporary name and renamed into place (atomically). Within one
 * process a name is compiled once; reusing a name for other source is a test bug.
 */
export function compileAndLoad(name: string, source: Uint8Array | string, options: Pick<CompileOptions, 'outline'> = {}): Promise<GeneratedModule> {
  const digest = digestOf(source) + JSON.stringify(options);
  const cached = loaded.get(name);
  if (cached) {
    if (cached.digest !== digest) throw new Error(`compileAndLoad: '${name}' was already loaded from other source`);
    return cached.module;
  }
  const module = compileWriteImport(name, source, options);
  loaded.set(name, { digest, module });
  return module;
}

async function compileWriteImport(name: string, source: Uint8Array | string, options: Pick<CompileOptions, 'outline'>): Promise<GeneratedModule> {
  const { code, dts } = await compile(source, { target: 'js', format: false, ...options });
  const file = generatedPath(name);
  writeAtomically(file, code);
  if (dts !== undefined) writeAtomically(path.join(outDir, `${name}.d.ts`), dts);
  return (await import(pathToFileURL(file).href)) as GeneratedModule;
}

/** Where compileAndLoad writes the module it compiles under `name`. */
export function generatedPath(name: string): string {
  return path.join(outDir, `${name}.js`);
}

export function writeAtomically(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, text);
  fs.renameSync(temporary, file);
}

/** compileAndLoad for a fixture by name. */
export function loadFixture(name: string): Promise<GeneratedModule> {
  return compileAndLoad(name, readFixture(name));
}
