/**
 * Integer literals of the text format: decimal or `0x` hexadecimal, with `_` between
 * digits, an optional sign. Which signs and ranges are allowed depends on where the literal
 * is: indices, limits and memory offsets are unsigned; constants are "uninterpreted"
 * integers that may be written signed or unsigned.
 */

const INTEGER = /^([+-]?)(?:0x([0-9a-fA-F](?:_?[0-9a-fA-F])*)|([0-9](?:_?[0-9])*))$/;

export interface IntegerLiteral {
  readonly sign: '' | '+' | '-';
  readonly magnitude: bigint;
}

/** The literal's sign and magnitude, or undefined when the text is not an integer literal. */
export function parseIntegerLiteral(text: string): IntegerLiteral | undefined {
  const match = INTEGER.exec(text);
  if (match === null) return undefined;
  const [, sign, hex, decimal] = match;
  const magnitude = hex !== undefined ? BigInt('0x' + hex.replaceAll('_', '')) : BigInt(decimal.replaceAll('_', ''));
  return { sign: sign as IntegerLiteral['sign'], magnitude };
}

/** An unsigned literal below 2^bits (no sign allowed), or 'out of range', or undefined if not unsigned. */
export function unsignedValue(literal: IntegerLiteral, bits: 32 | 64): bigint | 'out of range' | undefined {
  if (literal.sign !== '') return undefined;
  return literal.magnitude < 1n << BigInt(bits) ? literal.magnitude : 'out of range';
}

/**
 * A constant of iN: any value from -2^(N-1) to 2^N - 1, as the two's complement bits'
 * signed reading. Like the reference interpreter, a `+` sign does not restrict the range.
 */
export function uninterpretedValue(literal: IntegerLiteral, bits: 32 | 64): bigint | 'out of range' {
  const width = BigInt(bits);
  const value = literal.sign === '-' ? -literal.magnitude : literal.magnitude;
  if (value < -(1n << (width - 1n)) || value >= 1n << width) return 'out of range';
  return BigInt.asIntN(bits, value);
}
