/**
 * A table, like `WebAssembly.Table`.
 *
 * Elements are stored in their internal form: a funcref table holds `FuncRef | null`,
 * an externref table holds the JS values themselves, with `null` as ref.null (so
 * `undefined` is an ordinary, non-null externref, as in the JS API).
 */
import { funcRefToJS, toFuncRef } from './funcref.js';
import { dictionary, enforceRangeU32, enumMember, optionalU32, requiredU32 } from './webidl.js';

/** The most elements a table may have; V8's limit, which the spec tests assume. */
export const MAX_TABLE_LENGTH = 10_000_000;

export type TableElementKind = 'anyfunc' | 'funcref' | 'externref';
export type TableElementType = 'funcref' | 'externref';

export interface TableDescriptor {
  element: TableElementKind;
  initial: number;
  maximum?: number;
}

const ELEMENT_KINDS: readonly TableElementKind[] = ['anyfunc', 'funcref', 'externref'];

export class Table {
  /** Internal: the elements (`FuncRef | null` for funcref tables, JS values for externref tables). */
  elements: unknown[];
  /** Internal: the element type ('anyfunc' is read as 'funcref'). */
  readonly elementType: TableElementType;
  /** Internal: the declared maximum length, if any. */
  readonly maximum: number | undefined;

  constructor(descriptor: TableDescriptor, value?: unknown) {
    const what = 'WebAssembly.Table()';
    // WebIDL reads dictionary members in lexicographic order.
    const dict = dictionary(descriptor, `${what}: the descriptor`);
    const kind = enumMember(dict['element'], ELEMENT_KINDS, `${what}: 'element'`);
    const initial = requiredU32(dict, 'initial', what);
    const maximum = optionalU32(dict, 'maximum', what);
    if (maximum !== undefined && maximum < initial) throw new RangeError(`${what}: 'maximum' ${maximum} is below 'initial' ${initial}`);
    if (initial > MAX_TABLE_LENGTH) throw new RangeError(`${what}: 'initial' ${initial} is above the limit of ${MAX_TABLE_LENGTH}`);
    this.elementType = kind === 'externref' ? 'externref' : 'funcref';
    this.maximum = maximum;
    this.elements = new Array<unknown>(initial).fill(this.toElement(value));
  }

  get length(): number {
    return this.elements.length;
  }

  /** The element at `index` as a JS value (an exported function or null for funcref tables). */
  get(index: number): unknown {
    const i = this.checkIndex(index, 'get');
    const element = this.elements[i];
    return this.elementType === 'funcref' ? funcRefToJS(element) : element;
  }

  /** Sets the element at `index`; a missing value means the default (null, or undefined for externref). */
  set(index: number, value?: unknown): void {
    const i = this.checkIndex(index, 'set');
    this.elements[i] = this.toElement(value);
  }

  /** JS API `grow`: returns the old length; throws a RangeError if the table cannot grow. */
  grow(delta: number, value?: unknown): number {
    const n = enforceRangeU32(delta, 'WebAssembly.Table.grow(): delta');
    const old = this.growInternal(n, this.toElement(value));
    if (old < 0) throw new RangeError(`WebAssembly.Table.grow(): cannot grow by ${n} from ${this.elements.length}`);
    return old;
  }

  /**
   * Internal: `table.grow` semantics. Appends `delta` copies of `init` (an internal
   * element value) and returns the old length, or -1 past the maximum or the
   * implementation limit. Never throws.
   */
  growInternal(delta: number, init: unknown): number {
    const old = this.elements.length;
    const limit = Math.min(this.maximum ?? MAX_TABLE_LENGTH, MAX_TABLE_LENGTH);
    if (delta > limit - old) return -1;
    for (let i = 0; i < delta; i++) this.elements.push(init);
    return old;
  }

  /** JS value to internal element; undefined (missing) is the element type's default. */
  private toElement(value: unknown): unknown {
    if (this.elementType === 'externref') return value; // DefaultValue(externref) is undefined itself
    return value === undefined ? null : toFuncRef(value);
  }

  private checkIndex(index: number, method: string): number {
    const i = enforceRangeU32(index, `WebAssembly.Table.${method}(): index`);
    if (i >= this.elements.length) throw new RangeError(`WebAssembly.Table.${method}(): index ${i} is out of bounds (length ${this.elements.length})`);
    return i;
  }
}
