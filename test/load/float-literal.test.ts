import test from 'ava';
import { floatBits, parseFloatLiteral, type FloatType } from '../../compiler/load/wat/float-literal.js';

/** The bits a literal rounds to, as hex, or the kind when it is not a number. */
function bits(text: string, type: FloatType): string {
  const parsed = parseFloatLiteral(text, type);
  if (parsed.kind !== 'number') return parsed.kind;
  if (type === 'f32') {
    const view = new DataView(new ArrayBuffer(4));
    view.setFloat32(0, parsed.value);
    t32(parsed.value);
    return view.getUint32(0).toString(16);
  }
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, parsed.value);
  return view.getBigUint64(0).toString(16);
}

/** An f32 literal must give a value that is exactly an f32. */
function t32(value: number): void {
  if (!Number.isNaN(value) && Math.fround(value) !== value) throw new Error(`${value} is not an f32`);
}

const cases: [FloatType, string, string][] = [
  // Decimal, correctly rounded (not through an f64 first).
  ['f32', '1.00000005960464477539062500000000001', '3f800001'],
  ['f32', '1.000000059604644775390625', '3f800000'], // exactly half way: to even
  ['f32', '0.1', '3dcccccd'],
  ['f32', '1_000.5', '447a2000'],
  ['f32', '+8.8817857851783e-16', '26800001'],
  ['f32', '3.4028235677973366e38', '7f7fffff'],
  ['f32', '3.4028235677973367e38', 'out of range'],
  ['f32', '1e39', 'out of range'],
  ['f32', '-1e-400', '80000000'],
  ['f64', '0.1', '3fb999999999999a'],
  ['f64', '4.9406564584124654e-324', '1'],
  ['f64', '2.4703282292062328e-324', '1'],
  ['f64', '2.4703282292062327e-324', '0'],
  ['f64', '1e309', 'out of range'],
  ['f64', '1e-400', '0'],
  ['f64', '-0', '8000000000000000'],
  ['f64', '1e99999999999999999999', 'out of range'],
  ['f64', '0.0e99999999999', '0'],
  // Hexadecimal.
  ['f32', '+0x1.00000100000000001p-50', '26800001'],
  ['f32', '0x1.00000100000000000p-50', '26800000'],
  ['f32', '0x1.fffffefffffff8p127', '7f7fffff'],
  ['f32', '0x1.fffffep127', '7f7fffff'],
  ['f32', '0x1p128', 'out of range'],
  ['f32', '0x1P-149', '1'],
  ['f32', '0x1p-150', '0'],
  ['f32', '0x1.000001p-150', '1'],
  ['f32', '0x0.000001p-126', '0'],
  ['f32', '0x0.000002p-126', '1'],
  ['f32', '0x1.', '3f800000'],
  ['f32', '0xA_B.C_Dp1_0', '482bcd00'], // 171.80078125 * 2^10
  ['f64', '-0x0.000000000000080000000000p-1022', '8000000000000000'],
  ['f64', '+0x0.000000000000080000000001p-1022', '1'],
  ['f64', '0x1.000000000000080000000001p0', '3ff0000000000001'],
  ['f64', '0x1.fffffffffffff8p1023', 'out of range'],
  ['f64', '0x1.fffffffffffff7ffffp1023', '7fefffffffffffff'],
  // Infinities and NaNs.
  ['f32', 'inf', '7f800000'],
  ['f64', '-inf', 'fff0000000000000'],
  ['f32', 'nan', 'nan'],
  ['f32', '-nan:0x7f_ffff', 'nan'],
  ['f32', 'nan:0x800000', 'out of range'],
  ['f32', 'nan:0x0', 'out of range'],
  ['f64', 'nan:0xf_ffff_ffff_ffff', 'nan'],
  ['f64', 'nan:0x10000000000000', 'out of range'],
  // Not literals.
  ['f32', '$x', 'not a literal'],
  ['f32', '1__0', 'not a literal'],
  ['f32', '_1', 'not a literal'],
  ['f32', '0x', 'not a literal'],
  ['f32', '1e', 'not a literal'],
  ['f32', '.5', 'not a literal'],
];

test('float literals round exactly, to nearest even', (t) => {
  for (const [type, text, expected] of cases) t.is(bits(text, type), expected, `${type}.const ${text}`);
});

test('decimal f64 literals agree with the JS reader, which rounds correctly', (t) => {
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  for (let i = 0; i < 2000; i++) {
    const digits = String(next()) + String(next()) + String(next());
    const text = `${digits.slice(0, 1 + (next() % digits.length))}.${digits.slice(0, next() % 20)}e${(next() % 640) - 330}`;
    const parsed = parseFloatLiteral(text, 'f64');
    const expected = Number(text);
    if (!Number.isFinite(expected)) t.is(parsed.kind, 'out of range', text);
    else t.deepEqual(parsed, { kind: 'number', value: expected }, text);
  }
});

test('NaN literals keep their sign and payload', (t) => {
  const nanBits = (text: string, type: FloatType) => {
    const parsed = parseFloatLiteral(text, type);
    return parsed.kind === 'nan' || parsed.kind === 'number' ? floatBits(parsed, type).toString(16) : parsed.kind;
  };
  t.is(nanBits('nan', 'f32'), '7fc00000');
  t.is(nanBits('-nan', 'f32'), 'ffc00000');
  t.is(nanBits('+nan:0x1', 'f32'), '7f800001');
  t.is(nanBits('-nan:0x7f_ffff', 'f32'), 'ffffffff');
  t.is(nanBits('nan', 'f64'), '7ff8000000000000');
  t.is(nanBits('-nan:0x4000000000001', 'f64'), 'fff4000000000001');
  t.is(nanBits('-0', 'f64'), '8000000000000000');
  t.is(nanBits('0x1p-149', 'f32'), '1');
});
