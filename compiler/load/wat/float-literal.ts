/**
 * Float literals of the text format, rounded exactly: round-to-nearest-even on the
 * literal's exact value, straight to the target format (an f32 literal is not rounded to
 * an f64 first, which could round twice). A literal that rounds to infinity is out of
 * range; NaN literals keep their sign and payload.
 */

export type FloatType = 'f32' | 'f64';

export type FloatLiteral =
  /** A finite value or an infinity, as the JS number it rounds to (an f32 value for f32). */
  | { readonly kind: 'number'; readonly value: number }
  /** A NaN with its sign and payload (the canonical payload when none is written). */
  | { readonly kind: 'nan'; readonly negative: boolean; readonly payload: bigint }
  /** The literal rounds to infinity: malformed per the spec ("constant out of range"). */
  | { readonly kind: 'out of range' }
  /** Not a float literal at all. */
  | { readonly kind: 'not a literal' };

interface Format {
  /** Significand bits, the implicit one included. */
  readonly precision: number;
  /** Exponent of the smallest normal number. */
  readonly minExponent: number;
  /** Exponent of the largest finite number. */
  readonly maxExponent: number;
  /** Bits of a NaN payload. */
  readonly payloadBits: number;
}

const FORMATS: Readonly<Record<FloatType, Format>> = {
  f32: { precision: 24, minExponent: -126, maxExponent: 127, payloadBits: 23 },
  f64: { precision: 53, minExponent: -1022, maxExponent: 1023, payloadBits: 52 },
};

const DEC_DIGITS = '[0-9](?:_?[0-9])*';
const HEX_DIGITS = '[0-9a-fA-F](?:_?[0-9a-fA-F])*';
const DECIMAL = new RegExp(`^([+-]?)(${DEC_DIGITS})(?:\\.(${DEC_DIGITS})?)?(?:[eE]([+-]?${DEC_DIGITS}))?$`);
const HEX = new RegExp(`^([+-]?)0x(${HEX_DIGITS})(?:\\.(${HEX_DIGITS})?)?(?:[pP]([+-]?${DEC_DIGITS}))?$`);
const NAN = new RegExp(`^[+-]?nan(?::0x(${HEX_DIGITS}))?$`);

export function parseFloatLiteral(text: string, type: FloatType): FloatLiteral {
  const format = FORMATS[type];
  if (/^[+-]?inf$/.test(text)) return { kind: 'number', value: text.startsWith('-') ? -Infinity : Infinity };
  const nan = NAN.exec(text);
  if (nan) {
    const negative = text.startsWith('-');
    if (nan[1] === undefined) return { kind: 'nan', negative, payload: 1n << BigInt(format.payloadBits - 1) };
    const payload = BigInt('0x' + nan[1].replaceAll('_', ''));
    return payload >= 1n && payload < 1n << BigInt(format.payloadBits) ? { kind: 'nan', negative, payload } : { kind: 'out of range' };
  }
  const hex = HEX.exec(text);
  if (hex) {
    const [, sign, whole, fraction = '', exponent = '0'] = hex;
    const digits = (whole + fraction).replaceAll('_', '');
    const significand = BigInt('0x' + digits);
    const binaryExponent = Number(exponent.replaceAll('_', '')) - 4 * fraction.replaceAll('_', '').length;
    return rounded(sign === '-', significand, binaryExponent, 0, format);
  }
  const decimal = DECIMAL.exec(text);
  if (decimal) {
    const [, sign, whole, fraction = '', exponent = '0'] = decimal;
    const digits = (whole + fraction).replaceAll('_', '');
    const significand = BigInt(digits);
    const decimalExponent = Number(exponent.replaceAll('_', '')) - fraction.replaceAll('_', '').length;
    return rounded(sign === '-', significand, 0, decimalExponent, format);
  }
  return { kind: 'not a literal' };
}

/**
 * Rounds significand × 2^binaryExponent × 10^decimalExponent to the format, ties to even.
 * Exponents too large to matter are settled by magnitude before any big arithmetic.
 */
function rounded(negative: boolean, significand: bigint, binaryExponent: number, decimalExponent: number, format: Format): FloatLiteral {
  const signed = (magnitude: number): FloatLiteral => ({ kind: 'number', value: negative ? -magnitude : magnitude });
  if (significand === 0n) return signed(0);

  // log2 of the value, to within a couple of units.
  const estimate = significand.toString(2).length + binaryExponent + decimalExponent * Math.log2(10);
  const leastExponent = format.minExponent - format.precision + 1; // of the smallest subnormal
  if (estimate > format.maxExponent + 3) return { kind: 'out of range' };
  if (estimate < leastExponent - 3) return signed(0); // below half the smallest subnormal

  // The exact value as numerator / denominator.
  let numerator = significand;
  let denominator = 1n;
  if (binaryExponent >= 0) numerator <<= BigInt(binaryExponent);
  else denominator <<= BigInt(-binaryExponent);
  if (decimalExponent >= 0) numerator *= 10n ** BigInt(decimalExponent);
  else denominator *= 10n ** BigInt(-decimalExponent);

  // Its exponent e, with 2^e <= value < 2^(e+1).
  let exponent = numerator.toString(2).length - denominator.toString(2).length;
  if (exponent >= 0 ? numerator < denominator << BigInt(exponent) : numerator << BigInt(-exponent) < denominator) exponent--;

  // Scale so the units place is the last significand bit (fixed for subnormals), then round.
  const unitExponent = Math.max(exponent, format.minExponent) - format.precision + 1;
  const scaledNumerator = unitExponent >= 0 ? numerator : numerator << BigInt(-unitExponent);
  const scaledDenominator = unitExponent >= 0 ? denominator << BigInt(unitExponent) : denominator;
  let units = scaledNumerator / scaledDenominator;
  const twiceRemainder = (scaledNumerator % scaledDenominator) * 2n;
  if (twiceRemainder > scaledDenominator || (twiceRemainder === scaledDenominator && (units & 1n) === 1n)) units++;

  // units <= 2^precision, so the product is exact in a double.
  const magnitude = Number(units) * 2 ** unitExponent;
  if (magnitude >= 2 ** (format.maxExponent + 1)) return { kind: 'out of range' };
  return signed(magnitude);
}

/** The bit pattern of a number or NaN literal in the format (an f32's 32 bits, or an f64's 64). */
export function floatBits(literal: Extract<FloatLiteral, { kind: 'number' | 'nan' }>, type: FloatType): bigint {
  const format = FORMATS[type];
  if (literal.kind === 'nan') {
    const exponentBits = type === 'f32' ? 8 : 11;
    const sign = literal.negative ? 1n << BigInt(format.payloadBits + exponentBits) : 0n;
    return sign | (((1n << BigInt(exponentBits)) - 1n) << BigInt(format.payloadBits)) | literal.payload;
  }
  const view = new DataView(new ArrayBuffer(8));
  if (type === 'f32') {
    view.setFloat32(0, literal.value, true);
    return BigInt(view.getUint32(0, true));
  }
  view.setFloat64(0, literal.value, true);
  return view.getBigUint64(0, true);
}
