#!/usr/bin/env node
// The reference CDK app: `npx cdk synth` runs it (see cdk.json). It needs no AWS account or credentials.
import { App } from 'aws-cdk-lib';
import { ConfigError } from '../lib/config';
import { buildReferenceApp } from '../lib/reference-app';

const app = new App();
try {
  buildReferenceApp(app);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  throw error;
}
app.synth();
