#!/usr/bin/env node
// Runs any TypeScript entry point (workers/*.ts, bench/*.ts) through tsx.
import { register } from 'tsx/esm/api';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const entry = process.argv[2];
if (!entry) {
  console.error('usage: run-ts.js <file.ts> [args...]');
  process.exit(2);
}
process.argv.splice(1, 2, resolve(entry));
register();
await import(pathToFileURL(resolve(entry)).href);
