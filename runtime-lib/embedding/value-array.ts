/**
 * Arrays of Wasm values that keep an f64's bits.
 *
 * V8 stores an array of only numbers as raw doubles, and storing a signalling NaN
 * there sets its quiet bit (measured on Node 20: 0x7ff4…01 becomes 0x7ffc…01). An
 * array that has once held a non-number keeps tagged elements for good (elements
 * kinds only ever generalise), and a tagged element keeps a NaN's bits.
 */

/** An empty array whose elements stay tagged. */
export function valueArray(): unknown[] {
  const values: unknown[] = [null];
  values.length = 0;
  return values;
}

/** A tagged array of `length` elements, each `undefined`. */
export function valueArrayOf(length: number): unknown[] {
  const values = valueArray();
  for (let i = 0; i < length; i++) values.push(undefined);
  return values;
}
