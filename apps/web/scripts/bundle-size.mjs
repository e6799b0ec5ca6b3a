#!/usr/bin/env node
/**
 * The initial JavaScript of the built dashboard: what index.html loads eagerly (its module script
 * and every modulepreload), plus anything those import statically (from Vite's manifest), gzipped
 * at level 9 like a static server would. Prints each file and the total; exits 1 above the budget.
 *
 *   pnpm --filter @podwatch/web size          (after pnpm build)
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET_BYTES = 300 * 1024;
const dist = join(dirname(dirname(fileURLToPath(import.meta.url))), 'dist');
const manifestPath = join(dist, '.vite', 'manifest.json');

if (!existsSync(join(dist, 'index.html')) || !existsSync(manifestPath)) {
  console.error('No build in apps/web/dist: run `pnpm --filter @podwatch/web build` first.');
  process.exit(1);
}

const html = readFileSync(join(dist, 'index.html'), 'utf8');
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));

const eager = new Set();
for (const [, src] of html.matchAll(/<script[^>]+type="module"[^>]+src="\/([^"]+\.js)"/g)) eager.add(src);
for (const [, href] of html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="\/([^"]+\.js)"/g))
  eager.add(href);

// Follow static imports from the manifest, in case a chunk is imported without a preload link.
const byFile = new Map(Object.values(manifest).map((chunk) => [chunk.file, chunk]));
const pending = [...eager];
while (pending.length) {
  const chunk = byFile.get(pending.pop());
  for (const key of chunk?.imports ?? []) {
    const file = manifest[key]?.file;
    if (file && !eager.has(file)) {
      eager.add(file);
      pending.push(file);
    }
  }
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
let raw = 0;
let gzip = 0;
const rows = [...eager].sort().map((file) => {
  const content = readFileSync(join(dist, file));
  const zipped = gzipSync(content, { level: 9 }).length;
  raw += content.length;
  gzip += zipped;
  return [file, content.length, zipped];
});

for (const [file, size, zipped] of rows) {
  console.log(`${file.padEnd(50)} ${kb(size).padStart(10)}  gzip ${kb(zipped).padStart(9)}`);
}
console.log(
  `Initial JS: ${kb(gzip)} gzip (${kb(raw)} raw) in ${rows.length} files; budget ${kb(BUDGET_BYTES)}.`,
);
if (gzip > BUDGET_BYTES) {
  console.error(`Over budget by ${kb(gzip - BUDGET_BYTES)}.`);
  process.exit(1);
}
