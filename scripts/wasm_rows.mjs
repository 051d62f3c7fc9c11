#!/usr/bin/env node
// Runs bench/wasm-ops (see its src/lib.rs) over a CSV file in Node's V8, the browser's engine, and
// prints the households counted. With --no-liftoff every function runs as the optimising compiler
// (TurboFan) makes it, as the batch's hot code does in the browser once it is warm. Run by
// scripts/bench-wasm-ops.sh under valgrind, which counts the x86 instructions executed.
// Usage: node --no-liftoff scripts/wasm_rows.mjs WASM CSV
import { readFileSync } from 'node:fs';

const [wasmPath, csvPath] = process.argv.slice(2);
if (!wasmPath || !csvPath) throw new Error('usage: wasm_rows.mjs WASM CSV');
const data = readFileSync(csvPath);
const { exports: x } = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(wasmPath)), {});
const at = x.input(data.length);
new Uint8Array(x.memory.buffer, at, data.length).set(data);
if (x.start() !== 1) throw new Error(`${csvPath}: the rule sets do not bind to this file's headers`);
let rows = 0;
for (let taken; (taken = x.rows()) !== 0;) rows += taken;
console.log(`rows: ${rows}, counted: ${x.households()}`);
