/**
 * sql.js (SQLite 3 built by Emscripten, WASM_BIGINT) through its stock glue
 * (dist/sql-wasm.js), with the .wasm compiled by wasm2ts: query for query the same
 * results as under native WebAssembly, by the polyfill and by the hook. Exercises
 * WebAssembly.instantiate on bytes, exported memory grown from inside Wasm (a 40 MB
 * string), addFunction (create_function builds a module at run time and puts it in the
 * exported table), i64 as BigInt, and traps turned into SQLite errors by the glue.
 */
import test from 'ava';
import { Memory, emscriptenInstantiateWasm, type GeneratedModule } from '../../runtime-lib/webassembly/index.js';
import { compilePackageWasm, freshRequire, withShimOnly } from './glue.js';

const compiled = compilePackageWasm('sqljs-sql-wasm', 'sql.js/dist/sql-wasm.wasm');

type InitSqlJs = (config?: object) => Promise<any>;

/** The workload: each step's result, in order. */
async function workload(init: Promise<any>): Promise<unknown[]> {
  const SQL = await init;
  const out: unknown[] = [];
  const db = new SQL.Database();
  db.run('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, v REAL, big INTEGER, data BLOB)');
  const insert = db.prepare('INSERT INTO t (name, v, big, data) VALUES (?, ?, ?, ?)');
  for (let i = 0; i < 50; i++) insert.run([`row ${i} é`, i * 1.5 - 7.25, 2 ** 40 + i * 977, new Uint8Array([i, 255 - i, 7])]);
  insert.free();
  out.push(db.exec('SELECT id, name, v, big, hex(data), sum(v) OVER (ORDER BY id ROWS 2 PRECEDING) FROM t ORDER BY id DESC LIMIT 5'));
  out.push(db.exec('SELECT count(*), avg(v), max(big), group_concat(name, \'|\') FROM t WHERE id % 7 = 3'));
  // Functions defined in JS: sql.js's create_function calls Emscripten's addFunction.
  db.create_function('twice', (x: number) => x * 2);
  db.create_function('greet', (s: string) => `hello, ${s}!`);
  out.push(db.exec("SELECT twice(21), twice(v), greet(name), upper('abc'), length(zeroblob(100000)), sqlite_version() FROM t WHERE id < 4"));
  const select = db.prepare('SELECT big, big * 1000003 FROM t WHERE id = $id');
  select.bind({ $id: 17 });
  select.step();
  out.push(select.get(null, { useBigInt: true }));
  select.free();
  // A string far beyond the initial memory: the Wasm side grows memory, the glue re-reads the buffer.
  out.push(db.exec('SELECT length(hex(zeroblob(20000000))), substr(hex(zeroblob(20000000)), 1, 8)'));
  out.push(db.exec("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 20000) SELECT count(*), sum(x * x), total(1.0 / x) FROM c"));
  for (const bad of ['SELECT * FROM nope', 'SELECT 1 +', 'INSERT INTO t (id) VALUES (1)']) {
    try {
      db.exec(bad);
      out.push('no error');
    } catch (e) {
      out.push(`error: ${(e as Error).message}`);
    }
  }
  out.push(Array.from(db.export() as Uint8Array).reduce((h, b) => (h * 31 + b) >>> 0, 0)); // the database file's checksum
  out.push(db.getRowsModified());
  db.close();
  return out;
}

let native: unknown[];

test.serial('native WebAssembly (the reference)', async (t) => {
  native = await workload(freshRequire<InitSqlJs>('sql.js')());
  t.is(native.length, 11);
  t.log(JSON.stringify(native, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v)).slice(0, 3000));
  t.deepEqual(native[2], [{ columns: ['twice(21)', 'twice(v)', 'greet(name)', "upper('abc')", 'length(zeroblob(100000))', 'sqlite_version()'], values: [
    [42, -14.5, 'hello, row 0 é!', 'ABC', 100000, '3.54.1'],
    [42, -11.5, 'hello, row 1 é!', 'ABC', 100000, '3.54.1'],
    [42, -8.5, 'hello, row 2 é!', 'ABC', 100000, '3.54.1'],
  ] }]);
});

test.serial('polyfill: install({ modules }) with no native WebAssembly gives the same results', async (t) => {
  const { generated } = await compiled;
  const results = await withShimOnly([generated], () => workload(freshRequire<InitSqlJs>('sql.js')()));
  t.deepEqual(results, native);
});

test.serial('hook: Module.instantiateWasm with the generated module gives the same results; the memory grew', async (t) => {
  const { generated } = await compiled;
  let memory: Memory | undefined;
  const hook = emscriptenInstantiateWasm(generated as GeneratedModule);
  const instantiateWasm = (imports: object, receive: (...a: any[]) => void) => {
    const exports = hook(imports, receive);
    memory = Object.values(exports).find((v): v is Memory => v instanceof Memory);
    return exports;
  };
  const results = await withShimOnly([], async () => {
    const init = freshRequire<InitSqlJs>('sql.js')({ instantiateWasm });
    await init;
    const pagesAtStart = memory!.buffer.byteLength / 65536;
    const r = await workload(init);
    t.true(memory!.buffer.byteLength / 65536 > pagesAtStart, `memory grew from ${pagesAtStart} pages`);
    return r;
  });
  t.deepEqual(results, native);
});
