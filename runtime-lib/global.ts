/**
 * A global, like `WebAssembly.Global`.
 *
 * Generated code reads and writes the internal fields directly: `v` holds the value
 * (an i64's low word), `h` an i64's high word. The public `value` accessor converts
 * to and from JS values as the JS API does (i64 as bigint, funcref as an exported
 * function or null).
 */
import { funcRefToJS, toFuncRef } from './funcref.js';
import { I64_HI, i64ToBigInt, toF32, toF64, toI32, toI64, type ValType } from './values.js';
import { dictionary, enumMember } from './webidl.js';

export type GlobalValueType = 'i32' | 'i64' | 'f32' | 'f64' | 'anyfunc' | 'funcref' | 'externref';

export interface GlobalDescriptor {
  value: GlobalValueType;
  mutable?: boolean;
}

const VALUE_TYPES: readonly (GlobalValueType | 'v128')[] = ['i32', 'i64', 'f32', 'f64', 'v128', 'anyfunc', 'funcref', 'externref'];

export class Global {
  /**
   * Internal: the value. A number for i32/f32/f64, the low word for i64, a
   * `FuncRef | null` for funcref, the JS value (null = ref.null) for externref.
   * `any` because generated code uses it directly as the type it knows it to be.
   */
  v: any;
  /** Internal: the high word of an i64 value, else 0. */
  h = 0;
  /** Internal: the value type ('anyfunc' is read as 'funcref'). */
  readonly type: ValType;
  /** Internal: whether `value` may be set. */
  readonly mutable: boolean;

  constructor(descriptor: GlobalDescriptor, value?: unknown) {
    const what = 'WebAssembly.Global()';
    // WebIDL reads dictionary members in lexicographic order: 'mutable', then 'value'.
    const dict = dictionary(descriptor, `${what}: the descriptor`);
    this.mutable = Boolean(dict['mutable']);
    const type = enumMember(dict['value'], VALUE_TYPES, `${what}: 'value'`);
    if (type === 'v128') throw new TypeError(`${what}: a v128 global cannot be created from JS`);
    this.type = type === 'anyfunc' ? 'funcref' : type;
    // A missing value is DefaultValue(type): 0, 0n, null, or undefined for externref.
    if (value === undefined) {
      this.v = this.type === 'funcref' ? null : this.type === 'externref' ? undefined : 0;
    } else {
      this.assign(value);
    }
  }

  get value(): unknown {
    switch (this.type) {
      case 'i64': return i64ToBigInt(this.v, this.h);
      case 'funcref': return funcRefToJS(this.v);
      default: return this.v;
    }
  }

  set value(value: unknown) {
    if (!this.mutable) throw new TypeError('WebAssembly.Global: cannot set the value of an immutable global');
    this.assign(value);
  }

  valueOf(): unknown {
    return this.value;
  }

  /** ToWebAssemblyValue(value, type) into `v` (and `h`). */
  private assign(value: unknown): void {
    switch (this.type) {
      case 'i32': this.v = toI32(value); break;
      case 'i64': this.v = toI64(value); this.h = I64_HI[0]!; break;
      case 'f32': this.v = toF32(value); break;
      case 'f64': this.v = toF64(value); break;
      case 'funcref': this.v = toFuncRef(value); break;
      default: this.v = value; break;
    }
  }
}
