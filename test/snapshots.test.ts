/**
 * Golden output (DESIGN.md, "Tests: two tiers"): the formatted TypeScript generated for
 * each fixture, kept as a reviewed snapshot in test/snapshots/. A change to the output shows
 * up as a diff and is accepted only by an explicit `ava --update-snapshots`.
 */
import test from 'ava';
import { compile } from '../compiler/index.js';
import { fixtureNames, readFixture } from './helpers/generated.js';

for (const name of fixtureNames()) {
  test(`generated TypeScript for ${name}`, async (t) => {
    const { code } = await compile(readFixture(name), { target: 'ts' });
    t.snapshot(code);
  });
}
