import test from 'ava';
import { CompileError } from '../../compiler/errors.js';
import { ByteReader, decodeUtf8 } from '../../compiler/load/reader.js';

const reader = (...bytes: number[]) => new ByteReader(new Uint8Array(bytes));

function throwsAt(t: import('ava').ExecutionContext, f: () => unknown, problem: string, offset: number): void {
  const e = t.throws(f, { instanceOf: CompileError });
  t.is(e?.problem, problem);
  t.is(e?.offset, offset);
}

test('u32: minimal, overlong and maximal encodings', (t) => {
  t.is(reader(0x00).u32(), 0);
  t.is(reader(0x7f).u32(), 127);
  t.is(reader(0x80, 0x01).u32(), 128);
  t.is(reader(0x82, 0x80, 0x80, 0x80, 0x00).u32(), 2); // over-long but within 5 bytes: fine
  t.is(reader(0xff, 0xff, 0xff, 0xff, 0x0f).u32(), 0xffffffff);
  const r = reader(0xe5, 0x8e, 0x26, 0x99);
  t.is(r.u32(), 624485);
  t.is(r.pos, 3);
});

test('u32: too long and too large, at the offending byte', (t) => {
  throwsAt(t, () => reader(0x80, 0x80, 0x80, 0x80, 0x80, 0x00).u32(), 'integer representation too long', 5);
  throwsAt(t, () => reader(0xff, 0xff, 0xff, 0xff, 0x1f).u32(), 'integer too large', 4);
  throwsAt(t, () => reader(0x80, 0x80, 0x80, 0x80, 0x10).u32(), 'integer too large', 4);
  throwsAt(t, () => reader(0x80, 0x80).u32(), 'unexpected end', 2);
});

test('s32: sign extension and the unused bits of the fifth byte', (t) => {
  t.is(reader(0x7f).s32(), -1);
  t.is(reader(0x3f).s32(), 63);
  t.is(reader(0x40).s32(), -64);
  t.is(reader(0xff, 0x7f).s32(), -1); // over-long -1
  t.is(reader(0x80, 0x80, 0x80, 0x80, 0x78).s32(), -2147483648);
  t.is(reader(0xff, 0xff, 0xff, 0xff, 0x07).s32(), 2147483647);
  t.is(reader(0xff, 0xff, 0xff, 0xff, 0x7f).s32(), -1);
  throwsAt(t, () => reader(0x80, 0x80, 0x80, 0x80, 0x08).s32(), 'integer too large', 4);
  throwsAt(t, () => reader(0xff, 0xff, 0xff, 0xff, 0x4f).s32(), 'integer too large', 4);
  throwsAt(t, () => reader(0xff, 0xff, 0xff, 0xff, 0xff, 0x7f).s32(), 'integer representation too long', 5);
});

test('s33: block type indices up to 2^32 - 1', (t) => {
  t.is(reader(0x40).s33(), -64);
  t.is(reader(0xff, 0xff, 0xff, 0xff, 0x0f).s33(), 0xffffffff);
  t.is(reader(0x80, 0x80, 0x80, 0x80, 0x70).s33(), -(2 ** 32));
  throwsAt(t, () => reader(0xff, 0xff, 0xff, 0xff, 0x1f).s33(), 'integer too large', 4);
});

test('s64: extremes, over-long forms and the tenth byte', (t) => {
  t.is(reader(0x00).s64(), 0n);
  t.is(reader(0x7f).s64(), -1n);
  t.is(reader(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f).s64(), -(2n ** 63n));
  t.is(reader(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00).s64(), 2n ** 63n - 1n);
  t.is(reader(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f).s64(), -1n);
  t.is(reader(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00).s64(), 0n);
  t.is(reader(0xc0, 0xbb, 0x78).s64(), -123456n);
  t.is(reader(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40).s64(), -(2n ** 62n));
  throwsAt(t, () => reader(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01).s64(), 'integer too large', 9);
  throwsAt(t, () => reader(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7e).s64(), 'integer too large', 9);
  throwsAt(t, () => reader(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00).s64(), 'integer representation too long', 10);
});

test('u64AsNumber: u64 limits and offsets', (t) => {
  t.is(reader(0x82, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00).u64AsNumber(), 2);
  t.is(reader(0x80, 0x80, 0x80, 0x80, 0x10).u64AsNumber(), 2 ** 32);
  throwsAt(t, () => reader(0x82, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x02).u64AsNumber(), 'integer too large', 9);
  throwsAt(t, () => reader(0x82, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00).u64AsNumber(), 'integer representation too long', 10);
});

test('float bits are raw, NaN payloads included', (t) => {
  t.is(reader(0x01, 0x00, 0xa0, 0x7f).f32Bits(), 0x7fa00001);
  t.is(reader(0x00, 0x00, 0x80, 0xff).f32Bits(), 0xff800000);
  t.is(reader(0x01, 0, 0, 0, 0, 0, 0xf4, 0xff).f64Bits(), 0xfff4000000000001n);
  throwsAt(t, () => reader(0x00, 0x00, 0x80).f32Bits(), 'unexpected end', 3);
});

test('len32: a length beyond the rest of the input is out of bounds', (t) => {
  t.is(reader(0x02, 0xaa, 0xbb).len32(), 2);
  // Like the reference decoder, the bound counts from the length's own first byte.
  t.is(reader(0x03, 0xaa, 0xbb).len32(), 3);
  throwsAt(t, () => reader(0x04, 0xaa, 0xbb).len32(), 'length out of bounds', 0);
});

test('names: UTF-8 decoded strictly, BOM kept', (t) => {
  t.is(reader(0x03, 0x61, 0x62, 0x63).name(), 'abc');
  t.is(reader(0x00).name(), '');
  t.is(reader(0x04, 0xef, 0xbb, 0xbf, 0x61).name(), '\ufeffa');
  t.is(reader(0x04, 0xf0, 0x9f, 0x98, 0x80).name(), '😀');
  t.is(reader(0x03, 0xe2, 0x8c, 0xa3).name(), '⌣');
  const malformed: number[][] = [
    [0x80], // lone continuation
    [0xc0, 0x80], // overlong NUL
    [0xc1, 0xbf], // overlong
    [0xe0, 0x80, 0x80], // overlong
    [0xed, 0xa0, 0x80], // surrogate
    [0xf0, 0x80, 0x80, 0x80], // overlong
    [0xf4, 0x90, 0x80, 0x80], // above U+10FFFF
    [0xf5, 0x80, 0x80, 0x80],
    [0xff],
    [0xe2, 0x8c], // truncated
    [0x61, 0xc3], // truncated at the end
    [0xc3, 0x41], // bad continuation
  ];
  for (const bytes of malformed) {
    throwsAt(t, () => reader(bytes.length, ...bytes).name(), 'malformed UTF-8 encoding', 0);
  }
});

test('decodeUtf8 agrees with TextDecoder on valid input', (t) => {
  const s = 'wasm2ts: ✓ ünïcödé 𝔘 \u0000 \uffff';
  const bytes = new Uint8Array(Buffer.from(s, 'utf8'));
  t.is(decodeUtf8(bytes, 0, bytes.length, 0), s);
});

test('sized: the region must be consumed exactly', (t) => {
  const r = reader(0x01, 0x02, 0x03);
  t.is(
    r.sized(2, () => r.u8() + r.u8()),
    3,
  );
  const r2 = reader(0x01, 0x02, 0x03);
  throwsAt(t, () => r2.sized(2, () => r2.u8()), 'section size mismatch', 0);
  const r3 = reader(0x01);
  throwsAt(t, () => r3.sized(2, () => r3.u32() + r3.u8()), 'unexpected end of section or function', 1);
});
