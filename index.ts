// cdk-hipaa-baseline's root entry point: every construct, the compliance gate, and the report and diff
// APIs. Live posture (`cdk-hipaa-baseline/posture`) and the reference app (`cdk-hipaa-baseline/reference-app`)
// are subpaths, so an app that only deploys constructs does not load the AWS SDK clients.
export * from './constructs';
export * from './lib/compliance';
export * from './lib/compliance/diff';
export * from './lib/compliance/report';
