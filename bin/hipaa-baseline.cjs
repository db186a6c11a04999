#!/usr/bin/env node
// Package entry point for `npx hipaa-baseline`: runs the TypeScript CLI through tsx (no type-check).
require('tsx/cjs');
require('./hipaa-baseline.ts');
