/** Which generator makes a differential case's module: translate-to-fuzz, or stack shapes. */
import { generateModule, type Generated } from './generate.js';
import { stackShapeModule } from './stack-shapes.js';

export type Generator = 'ttf' | 'shapes';

/** Case `index` of run `seed` from `generator` (deterministic, so findings can be regenerated). */
export function caseModule(generator: Generator, seed: number, index: number): Generated {
  return generator === 'shapes' ? stackShapeModule(seed, index) : generateModule(seed, index);
}
