#!/usr/bin/env node
// Build step after `tsc -p tsconfig.build.json`: copies the JSON data files the library reads at runtime
// (catalogs, schemas) from the sources into dist/, beside the compiled JS that reads them. tsc copies
// only the JSON files that are imported; the schemas are read from disk, so every one is copied here.
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const sourceFolders = ['lib', 'constructs'];

function copyJson(relativeDir) {
  const dir = path.join(root, relativeDir);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const relative = path.join(relativeDir, entry.name);
    if (entry.isDirectory()) copyJson(relative);
    else if (entry.name.endsWith('.json')) {
      const target = path.join(root, 'dist', relative);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.copyFileSync(path.join(root, relative), target);
    }
  }
}

for (const folder of sourceFolders) copyJson(folder);
