/**
 * Constant expressions (global initialisers, segment offsets, element items) as TS
 * expressions, evaluated once inside `instantiate`. i64 arithmetic here is BigInt:
 * this is cold code, and BigInt keeps it short and obviously right.
 *
 * Extended constant expressions can chain thousands of operators; like function bodies
 * (MAX_EXPRESSION_DEPTH), an operand nested too deep is named by a `const` and the expression
 * becomes an arrow function called in place, so that no JS parser meets the whole nest.
 */
import type { ConstExpr, ValType } from '../model/types.js';
import { CompileError } from '../errors.js';
import type { ModuleContext } from '../emit/context.js';
import { floatConstant, i32Constant } from '../emit/constants.js';
import { MAX_EXPRESSION_DEPTH } from '../emit/value.js';

export interface ConstValue {
  readonly type: ValType;
  /** A number expression, a reference expression, or for i64 a bigint expression. */
  readonly code: string;
}

export function constExpr(mod: ModuleContext, expr: ConstExpr): ConstValue {
  // `depth`: operators nested in `code`; `named`: the consts that operands too deep became.
  const stack: (ConstValue & { depth?: number })[] = [];
  const named: string[] = [];
  const pop = () => stack.pop()!;
  const operation = (type: ValType, code: string, operands: readonly { depth?: number }[]) => {
    const depth = 1 + Math.max(...operands.map((o) => o.depth ?? 0));
    if (depth <= MAX_EXPRESSION_DEPTH) return stack.push({ type, code, depth });
    const name = mod.freshName('operand');
    named.push(`const ${name} = ${code};`);
    stack.push({ type, code: name });
  };
  for (const instr of expr) {
    switch (instr.op) {
      case 'i32.const':
        stack.push({ type: 'i32', code: i32Constant(instr.value as number) });
        break;
      case 'i64.const':
        stack.push({ type: 'i64', code: `${instr.value as bigint}n`.replace(/^(-.*)$/, '($1)') });
        break;
      case 'f32.const':
      case 'f64.const': {
        const type = instr.op === 'f32.const' ? 'f32' : 'f64';
        stack.push({ type, code: floatConstant(mod, type, instr.value!) });
        break;
      }
      case 'ref.null':
        stack.push({ type: instr.types![0], code: 'null' });
        break;
      case 'ref.func':
        stack.push({ type: 'funcref', code: mod.funcRef(instr.index!) });
        break;
      case 'global.get': {
        const g = mod.global(instr.index!);
        const [lo, hi] = g.kind === 'variable' ? [g.name, `${g.name}$hi`] : [`${g.name}.v`, `${g.name}.h`];
        stack.push({ type: g.type, code: g.type === 'i64' ? `${mod.runtime('i64ToBigInt')}(${lo}, ${hi})` : lo });
        break;
      }
      case 'i32.add':
      case 'i32.sub':
      case 'i32.mul': {
        const b = pop();
        const a = pop();
        const code = instr.op === 'i32.mul' ? `Math.imul(${a.code}, ${b.code})` : `((${a.code} ${instr.op === 'i32.add' ? '+' : '-'} ${b.code}) | 0)`;
        operation('i32', code, [a, b]);
        break;
      }
      case 'i64.add':
      case 'i64.sub':
      case 'i64.mul': {
        const b = pop();
        const a = pop();
        const op = { 'i64.add': '+', 'i64.sub': '-', 'i64.mul': '*' }[instr.op];
        operation('i64', `BigInt.asIntN(64, ${a.code} ${op} ${b.code})`, [a, b]);
        break;
      }
      default:
        throw new CompileError(`unsupported: ${instr.op} in a constant expression`, instr.offset);
    }
  }
  if (stack.length !== 1) throw new CompileError('constant expression must leave exactly one value', expr[0]?.offset);
  const { type, code } = stack[0];
  return { type, code: named.length === 0 ? code : `(() => {\n${[...named, `return ${code};`].map((line) => `  ${line}`).join('\n')}\n})()` };
}

/** The statements assigning a constant value to a variable pair (`name`, `name$hi` for i64). */
export function assignConst(mod: ModuleContext, target: { lo: string; hi: string }, v: ConstValue): string[] {
  if (v.type !== 'i64') return [`${target.lo} = ${v.code};`];
  return [`${target.lo} = ${mod.runtime('bigintToI64')}(${v.code});`, `${target.hi} = ${mod.runtime('I64_HI')}[0];`];
}
