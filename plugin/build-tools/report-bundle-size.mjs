// Prints the size of what `npm run build` produced in dist/ (the JavaScript Grafana downloads, raw and
// gzipped, and everything else), so a change that bloats the bundle shows up in the build log.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const dist = path.join(path.dirname(path.dirname(fileURLToPath(import.meta.url))), 'dist');

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? walk(file) : [file];
  });
}

const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
const files = walk(dist);
const scripts = files.filter((file) => file.endsWith('.js'));
const raw = scripts.reduce((sum, file) => sum + statSync(file).size, 0);
const gzipped = scripts.reduce((sum, file) => sum + gzipSync(readFileSync(file)).length, 0);
const other = files.filter((file) => !file.endsWith('.js') && !file.endsWith('.map'));
const entry = (name) => kib(statSync(path.join(dist, name)).size);
process.stdout.write(
  `${
    `bundle size: ${scripts.length} JavaScript files ${kib(raw)} (${kib(gzipped)} gzipped); ` +
    `module.js ${entry('module.js')}, top-bottlenecks-panel/module.js ${entry('top-bottlenecks-panel/module.js')}; ` +
    `${other.length} other files ${kib(other.reduce((sum, file) => sum + statSync(file).size, 0))} (source maps excluded)`
  }\n`
);
