/**
 * `WebAssembly.Tag` and `WebAssembly.Exception`, as JS objects only: wasm2ts does not
 * compile the exception-handling proposal, so no generated module imports, exports or
 * throws a tag. Glue can still create tags and exceptions and test them with `is` and
 * `getArg`, as the JS API specifies.
 */
import { toF32, toF64, toI32, toI64, i64ToBigInt, I64_HI, type ValType } from '../values.js';
import { toFuncRef, funcRefToJS } from '../funcref.js';
import { dictionary, enforceRangeU32, enumMember } from '../webidl.js';

const PARAM_TYPES: readonly ValType[] = ['i32', 'i64', 'f32', 'f64', 'v128', 'funcref', 'externref'];

export class Tag {
  /** Internal: the tag's parameter types. */
  readonly parameters: readonly ValType[];

  constructor(type: { parameters: readonly string[] }) {
    const what = 'WebAssembly.Tag()';
    const dict = dictionary(type, `${what}: the type`);
    const list = dict['parameters'];
    if (list === undefined || list === null || typeof (list as Iterable<unknown>)[Symbol.iterator] !== 'function') {
      throw new TypeError(`${what}: 'parameters' must be a sequence of value types`);
    }
    this.parameters = [...(list as Iterable<unknown>)].map((p) => {
      const t = enumMember(p, [...PARAM_TYPES, 'anyfunc'], `${what}: a parameter`);
      return t === 'anyfunc' ? 'funcref' : (t as ValType);
    });
  }
}

/** ToWebAssemblyValue then ToJSValue: the value as Wasm would hold and hand it back. */
function roundTrip(type: ValType, value: unknown): unknown {
  switch (type) {
    case 'i32': return toI32(value);
    case 'i64': { const lo = toI64(value); return i64ToBigInt(lo, I64_HI[0]!); }
    case 'f32': return toF32(value);
    case 'f64': return toF64(value);
    case 'funcref': return funcRefToJS(toFuncRef(value));
    case 'externref': return value;
    case 'v128': throw new TypeError('a v128 value cannot cross the JS boundary');
    default: {
      const unknownType: never = type;
      throw new TypeError(`unknown value type ${String(unknownType)}`);
    }
  }
}

export class Exception {
  private readonly tag: Tag;
  private readonly payload: readonly unknown[];
  /** Present when created with `{ traceStack: true }`, as in engines that support it. */
  readonly stack?: string;

  constructor(tag: Tag, payload: readonly unknown[], options?: { traceStack?: boolean }) {
    const what = 'WebAssembly.Exception()';
    if (!(tag instanceof Tag)) throw new TypeError(`${what}: the first argument must be a WebAssembly.Tag`);
    if (payload === null || payload === undefined || typeof (payload as Iterable<unknown>)[Symbol.iterator] !== 'function') {
      throw new TypeError(`${what}: the payload must be a sequence`);
    }
    const values = [...payload];
    if (values.length !== tag.parameters.length) throw new TypeError(`${what}: the tag has ${tag.parameters.length} parameters, the payload ${values.length} values`);
    this.tag = tag;
    this.payload = values.map((v, i) => roundTrip(tag.parameters[i]!, v));
    if (dictionary(options, `${what}: the options`)['traceStack']) this.stack = new Error().stack;
  }

  is(tag: Tag): boolean {
    if (!(tag instanceof Tag)) throw new TypeError('WebAssembly.Exception.is(): argument must be a WebAssembly.Tag');
    return tag === this.tag;
  }

  getArg(tag: Tag, index: number): unknown {
    if (!(tag instanceof Tag)) throw new TypeError('WebAssembly.Exception.getArg(): argument must be a WebAssembly.Tag');
    const i = enforceRangeU32(index, 'WebAssembly.Exception.getArg(): index');
    if (tag !== this.tag) throw new TypeError('WebAssembly.Exception.getArg(): the exception was not made with this tag');
    if (i >= this.payload.length) throw new RangeError(`WebAssembly.Exception.getArg(): index ${i} is out of range (${this.payload.length} values)`);
    return this.payload[i];
  }
}
