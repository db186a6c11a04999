#!/usr/bin/env node
// The reference CDK app: `npx cdk synth` runs it (see cdk.json). It needs no AWS account or credentials.
// Configuration: defaults in code < cdk.json context 'hipaaBaseline' < `-c hipaaBaseline='{…}'` (merged).
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { ConfigError } from '../lib/config';
import { buildReferenceApp } from '../lib/reference-app';

const app = new App();
try {
  buildReferenceApp(app, { cdkJsonPath: path.join(__dirname, '..', 'cdk.json') });
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  throw error;
}
app.synth();
