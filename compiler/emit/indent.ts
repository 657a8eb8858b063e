/** Indentation for a nesting depth, capped so very deep code stays linear in size. */
export function indent(depth: number): string {
  return '  '.repeat(Math.min(depth, 32));
}
