/**
 * The text modules of the official testsuite's in-scope files, through our text parser
 * alone: every `assert_malformed (module quote ...)` must be rejected with the testsuite's
 * message as the prefix of ours, and every other text module must parse (or be reported
 * unsupported): its validity is the validator's business, not the parser's.
 */
import test from 'ava';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CompileError } from '../../compiler/errors.js';
import { watToBinary } from '../../compiler/load/wat/index.js';
import { isInScope } from '../spec/groups.js';
import { parseWast, type Command, type ModuleCommand } from '../spec/wast.js';

const testsuite = fileURLToPath(new URL('../../../../shared/testsuite/', import.meta.url));

const files = existsSync(testsuite) ? readdirSync(testsuite).filter((f) => f.endsWith('.wast') && isInScope(f)) : [];

type Outcome = { kind: 'ok' } | { kind: 'malformed' | 'unsupported'; problem: string };

function parse(text: string): Outcome {
  try {
    watToBinary(text);
    return { kind: 'ok' };
  } catch (e) {
    if (!(e instanceof CompileError)) throw e;
    return { kind: e.unsupported ? 'unsupported' : 'malformed', problem: e.problem };
  }
}

function moduleOf(command: Command): ModuleCommand | undefined {
  switch (command.kind) {
    case 'module':
      return command;
    case 'assert_invalid':
    case 'assert_malformed':
    case 'assert_unlinkable':
    case 'assert_uninstantiable':
    case 'assert_trap':
      return command.module;
    default:
      return undefined;
  }
}

if (files.length === 0) test('testsuite text modules (testsuite not found)', (t) => t.pass());

for (const file of files) {
  test(`text modules of ${file}`, (t) => {
    const script = parseWast(readFileSync(testsuite + file));
    const wrong: string[] = [];
    let checked = 0;
    for (const command of script.commands) {
      const source = moduleOf(command)?.module;
      if (source === undefined || source.type === 'binary') continue;
      checked++;
      const outcome = parse(source.text);
      const where = `${file}:${command.line}`;
      if (command.kind === 'assert_malformed') {
        if (outcome.kind !== 'malformed') wrong.push(`${where}: parsed (${outcome.kind}), expected "${command.message}"`);
        else if (!outcome.problem.startsWith(command.message)) wrong.push(`${where}: "${outcome.problem}", expected "${command.message}"`);
      } else if (outcome.kind === 'malformed') {
        wrong.push(`${where}: ${command.kind} module rejected: ${outcome.problem}`);
      }
    }
    t.deepEqual(wrong, []);
    t.log(`${checked} text modules`);
  });
}
