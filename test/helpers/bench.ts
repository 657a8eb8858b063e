/**
 * The bench kernel corpus in ../shared/bench (next to the repository, not inside it).
 * On a user's machine it may be absent: `sharedDir` is then undefined and tests skip.
 */
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from './generated.js';

const candidate = path.resolve(repoRoot, '../shared');
export const sharedDir: string | undefined = fs.existsSync(path.join(candidate, 'bench', 'kernels.json')) ? candidate : undefined;

export interface Kernel {
  name: string;
  file: string;
  quick_n: number;
  quick_checksum: string;
}

export interface KernelFile extends Kernel {
  /** A unique, identifier-safe name: kernel_<name> or kernel_feat_<name>. */
  id: string;
  /** Which build: wasm/ (MVP) or wasm/feat/ (with post-MVP features). */
  build: 'wasm' | 'wasm/feat';
  path: string;
}

/** Every kernel in kernels.json, in both builds. Empty if the corpus is absent. */
export function benchKernelFiles(): KernelFile[] {
  if (!sharedDir) return [];
  const bench = path.join(sharedDir, 'bench');
  const { kernels } = JSON.parse(fs.readFileSync(path.join(bench, 'kernels.json'), 'utf8')) as { kernels: Kernel[] };
  return kernels.flatMap((kernel) =>
    (['wasm', 'wasm/feat'] as const).map((build) => ({
      ...kernel,
      id: `kernel_${build === 'wasm' ? '' : 'feat_'}${kernel.name}`,
      build,
      path: path.join(bench, build, kernel.file),
    })),
  );
}
