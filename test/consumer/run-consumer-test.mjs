#!/usr/bin/env node
// The consumer test: packs the library as npm would publish it, installs the tarball into a scratch CDK
// app that has its own aws-cdk-lib, and proves what a platform engineer relies on. Run by `npm test`
// (`npm run test:consumer`); needs only the npm cache `npm ci` filled (no network for cached packages).
//
// It proves: the tarball holds compiled JS + .d.ts and no tests, benches or sources; the app type-checks
// with `skipLibCheck: false`; it synthesizes under plain `node` (compiled), ts-node and tsx, and as an ES
// module with named imports; `hipaa-baseline --help` runs with plain node; the gate fails a bad resource;
// the report has evaluations from every pack; and a second copy of aws-cdk-lib fails synth loudly.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8'));
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hipaa-consumer-'));
const app = path.join(work, 'app');
const failures = [];
let passed = 0;

function log(line) {
  process.stdout.write(`${line}\n`);
}

function check(name, ok, detail = '') {
  if (ok) {
    passed += 1;
    log(`  ok   ${name}`);
  } else {
    failures.push(name);
    log(`  FAIL ${name}${detail ? `\n${detail.replace(/^/gm, '       ')}` : ''}`);
  }
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, {
    cwd: app,
    encoding: 'utf8',
    env: { ...process.env, CDK_DISABLE_VERSION_CHECK: '1', ...options.env },
    timeout: options.timeout ?? 240_000,
  });
  return { code: result.status, out: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

function devVersion(name) {
  const version = manifest.devDependencies[name];
  if (!version) throw new Error(`${name} is not a devDependency of ${manifest.name}`);
  return version;
}

// 1. Pack exactly what `npm publish` would ship (prepack builds dist/).
log(`consumer test in ${work}`);
const packed = JSON.parse(
  execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: repo, encoding: 'utf8' }),
)[0];
const files = packed.files.map((f) => f.path);
const stray = files.filter(
  (f) => /^(test|bench|\.ci|examples|scripts)\//.test(f) || (f.endsWith('.ts') && !f.endsWith('.d.ts')),
);
check(
  'the tarball ships no tests, benches, CI files or TypeScript sources',
  stray.length === 0,
  stray.join('\n'),
);
check(
  'the tarball ships compiled JS, declarations and data files',
  [
    'dist/index.js',
    'dist/index.d.ts',
    'dist/bin/hipaa-baseline.js',
    'dist/lib/compliance/report/schemas/report.schema.json',
  ].every((f) => files.includes(f)),
);

// 2. A scratch CDK app with its own aws-cdk-lib, constructs and TypeScript tooling.
fs.mkdirSync(path.join(app, 'bin'), { recursive: true });
fs.writeFileSync(
  path.join(app, 'package.json'),
  JSON.stringify(
    {
      name: 'scratch-hipaa-app',
      private: true,
      dependencies: {
        'aws-cdk-lib': devVersion('aws-cdk-lib'),
        constructs: devVersion('constructs'),
        'cdk-hipaa-baseline': `file:${path.join(work, packed.filename)}`,
      },
      devDependencies: {
        '@types/node': devVersion('@types/node'),
        'ts-node': devVersion('ts-node'),
        tsx: devVersion('tsx'),
        typescript: devVersion('typescript'),
      },
    },
    null,
    2,
  ),
);
fs.writeFileSync(
  path.join(app, 'tsconfig.json'),
  JSON.stringify(
    {
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        lib: ['es2022'],
        strict: true,
        skipLibCheck: false,
        declaration: true,
        noUnusedLocals: true,
        rootDir: '.',
        outDir: 'dist',
        types: ['node'],
      },
      include: ['bin/**/*.ts'],
    },
    null,
    2,
  ),
);
const APP_SOURCE = `import { App, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { applyComplianceGate, AuditTrail, PhiBucket } from 'cdk-hipaa-baseline';
import { diffReports } from 'cdk-hipaa-baseline/diff';
import type { ComplianceReport } from 'cdk-hipaa-baseline/report';

const app = new App({ outdir: process.env.OUT_DIR ?? 'cdk.out' });
applyComplianceGate(app);
const stack = new Stack(app, 'Patients', { env: { account: '111122223333', region: 'us-east-1' } });
new PhiBucket(stack, 'Records', {
  withoutReplication: { reason: 'Consumer smoke-test bucket, synthesized only: the test checks packaging, not replication.' },
});
new AuditTrail(stack, 'Trail');
if (process.env.ADD_BAD_BUCKET === '1') {
  new s3.Bucket(stack, 'Unsafe', { encryption: s3.BucketEncryption.S3_MANAGED });
}
const typed: ((a: ComplianceReport, b: ComplianceReport) => unknown) | undefined = diffReports;
if (typeof typed !== 'function') throw new Error('diffReports is not exported');
app.synth();
`;
fs.writeFileSync(path.join(app, 'bin', 'app.ts'), APP_SOURCE);
fs.writeFileSync(
  path.join(app, 'bin', 'esm-app.mjs'),
  `import { App, Stack } from 'aws-cdk-lib';
import { applyComplianceGate, AuditTrail, PhiBucket } from 'cdk-hipaa-baseline';

const app = new App({ outdir: process.env.OUT_DIR });
applyComplianceGate(app);
const stack = new Stack(app, 'Patients', { env: { account: '111122223333', region: 'us-east-1' } });
new PhiBucket(stack, 'Records', {
  withoutReplication: { reason: 'Consumer smoke-test bucket, synthesized only: the test checks packaging, not replication.' },
});
new AuditTrail(stack, 'Trail');
app.synth();
`,
);
const install = run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error']);
check('npm install of the tarball with its peers', install.code === 0, install.out);
if (install.code !== 0) finish();

const copies = run('npm', ['ls', 'aws-cdk-lib', '--all', '--parseable']);
check(
  'one aws-cdk-lib in the app (the library takes it as a peer)',
  copies.out
    .trim()
    .split('\n')
    .filter((l) => l.endsWith('node_modules/aws-cdk-lib')).length === 1,
  copies.out,
);

// 3. Type-check and compile the app against the published declarations.
const tsc = run('npx', ['tsc', '-p', '.']);
check('tsc passes with skipLibCheck: false', tsc.code === 0, tsc.out);

function synth(label, command, args, env = {}) {
  const out = path.join(work, `out-${label}`);
  const result = run(command, args, { env: { OUT_DIR: out, ...env } });
  const reportFile = path.join(out, 'compliance', 'report.json');
  const report = fs.existsSync(reportFile) ? JSON.parse(fs.readFileSync(reportFile, 'utf8')) : undefined;
  return { ...result, report };
}

function reportProblems(report) {
  if (!report) return 'no report.json written';
  const packs = new Set(report.evaluations.map((e) => e.pack));
  const missing = ['HIPAA.Security', 'NIST.800.53.R5', 'AwsSolutions', 'TemplateEvidence'].filter(
    (p) => !packs.has(p),
  );
  if (missing.length > 0) return `no evaluations from ${missing.join(', ')}`;
  if (report.evaluations.length < 100) return `only ${report.evaluations.length} evaluations`;
  if (report.tool.version !== manifest.version) return `report version ${report.tool.version}`;
  return undefined;
}

// 4. Synthesize four ways; each must pass the gate and write a full report.
for (const [label, command, args] of [
  ['node', 'node', ['dist/bin/app.js']],
  ['ts-node', 'npx', ['ts-node', 'bin/app.ts']],
  ['tsx', 'npx', ['tsx', 'bin/app.ts']],
  ['esm', 'node', ['bin/esm-app.mjs']],
]) {
  const result = synth(label, command, args);
  const problem = reportProblems(result.report);
  check(
    `synth under ${label}: exit 0 and a report from every pack at version ${manifest.version}`,
    result.code === 0 && !problem,
    `${problem ?? ''}\n${result.out.slice(-3000)}`,
  );
}

// 5. The CLI runs with plain node (no tsx in the library's dependencies).
const help = run('node', ['node_modules/cdk-hipaa-baseline/dist/bin/hipaa-baseline.js', '--help']);
check('hipaa-baseline --help runs with plain node', help.code === 0 && /Usage/.test(help.out), help.out);
const bin = run('npx', ['--no-install', 'hipaa-baseline', '--help']);
check('npx hipaa-baseline --help', bin.code === 0 && /Usage/.test(bin.out), bin.out);
check('the library does not depend on tsx', !Object.keys(manifest.dependencies).includes('tsx'));

// 6. The gate fails a bad resource.
const bad = synth('bad', 'node', ['dist/bin/app.js'], { ADD_BAD_BUCKET: '1' });
check(
  'the gate fails an unencrypted-with-KMS, unlogged bucket',
  bad.code !== 0 && /Unsafe/.test(bad.out) && /HIPAA\.Security/.test(bad.out),
  bad.out.slice(-3000),
);

// 7. Two copies of aws-cdk-lib: the library gets its own nested copy; synth must fail, saying why.
const nested = path.join(app, 'node_modules', 'cdk-hipaa-baseline', 'node_modules', 'aws-cdk-lib');
fs.mkdirSync(path.dirname(nested), { recursive: true });
fs.cpSync(path.join(app, 'node_modules', 'aws-cdk-lib'), nested, { recursive: true });
const duplicate = synth('duplicate', 'node', ['dist/bin/app.js']);
check(
  'a second aws-cdk-lib copy fails synth with how to fix it',
  duplicate.code !== 0 &&
    /different copy of aws-cdk-lib/.test(duplicate.out) &&
    /npm dedupe/.test(duplicate.out),
  duplicate.out.slice(-3000),
);
fs.rmSync(nested, { recursive: true, force: true });

finish();

function finish() {
  log(`consumer test: ${passed} passed, ${failures.length} failed`);
  if (failures.length > 0) process.exit(1);
  fs.rmSync(work, { recursive: true, force: true });
  process.exit(0);
}
