/** The hand-written exact JavaScript kernels , by kernel name; see run.ts. */
import type { RunFn } from '../backends.js';
import { run as blur } from './blur.js';
import { run as xxhash64 } from './xxhash64.js';

export const HAND_WRITTEN: Readonly<Record<string, RunFn>> = { xxhash64, blur };
