/**
 * The frame around every call from Wasm into a host function of the embedding API:
 * a fresh root scope (the `Rooted` arguments and anything the host roots die with the
 * call; results are handed to Wasm before it closes), and host errors marked so they
 * pass through `translateError` unchanged, as the plain path's host calls do.
 */
import { markHostError } from '../errors.js';
import type { Store } from './store.js';

export function callHost<R>(store: Store<any>, run: () => R): R {
  const depth = store.roots.openScope();
  try {
    return run();
  } catch (e) {
    markHostError(e);
    throw e;
  } finally {
    store.roots.closeScope(depth);
  }
}
