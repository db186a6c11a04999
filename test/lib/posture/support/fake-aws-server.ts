// A loopback HTTP server that speaks just enough of AWS Config (JSON 1.1, X-Amz-Target
// StarlingDoveService.<Operation>), Security Hub (REST-JSON: POST /findings, POST /standards/get) and STS
// (query protocol), AWS Backup (REST-JSON: GET /restore-jobs/, GET /resources/) and SSM (JSON 1.1, X-Amz-Target
// AmazonSSM.<Operation>) for the posture collector, with scripted pagination, throttling and failures.
// Used by the end-to-end tests and by bench/posture.bench.ts. Nothing here calls AWS.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CONFIG_RULE_CITATIONS } from '../../../../lib/posture/config-rule-citations';
import { type FailureMode, failureResponse } from './fake-aws-errors';
import {
  describeAvailablePatches,
  describeInstancePatches,
  type FakePatchedInstance,
  patchCounts,
  platformInfo,
} from './fake-aws-patches';

export type { FailureMode } from './fake-aws-errors';
export type { FakePatch, FakePlatform } from './fake-aws-patches';

/** Operations the server answers. */
export type FakeOperation =
  | 'DescribeConfigurationRecorderStatus'
  | 'DescribeConformancePacks'
  | 'DescribeConformancePackCompliance'
  | 'GetConformancePackComplianceDetails'
  | 'SelectResourceConfig'
  | 'GetEnabledStandards'
  | 'GetFindings'
  | 'ListRestoreJobs'
  | 'ListProtectedResources'
  | 'DescribeInstanceInformation'
  | 'DescribeInstancePatchStates'
  | 'DescribeInstancePatches'
  | 'DescribeAvailablePatches'
  | 'GetCallerIdentity'
  | 'AssumeRole';

/** A restore job of the fake account: its resource type, age and duration (undefined: still running). */
export interface FakeRestoreJob {
  readonly resourceType: string;
  readonly hoursAgo: number;
  readonly tookHours?: number;
  readonly status?: 'COMPLETED' | 'FAILED' | 'ABORTED';
}

/**
 * A managed instance of the fake account and its patch state (undefined counts: those of `patches`, else
 * 0), its platform (default Windows) and its missing or failed patches (default none).
 */
export interface FakeInstance extends FakePatchedInstance {
  readonly id: string;
  readonly criticalMissing?: number;
  readonly securityMissing?: number;
  /** Days since the last patch scan; null: no patch state at all. */
  readonly scannedDaysAgo?: number | null;
}

/** A scripted failure: from the `afterPages`-th successful page on (default: the first request). */
export interface Failure {
  readonly mode: FailureMode;
  readonly afterPages?: number;
  /** Fail only this many times, then answer normally (a transient fault). */
  readonly times?: number;
}

/** What the fake account holds. */
export interface FakeAwsScenario {
  readonly account?: string;
  readonly packName?: string;
  readonly configRules?: number;
  readonly resultsPerRule?: number;
  /** Every n-th result is NON_COMPLIANT (0: none). */
  readonly nonCompliantEvery?: number;
  readonly findings?: number;
  /** Security Hub standards enabled (default 1, NIST SP 800-53 READY). */
  readonly standards?: number;
  /** The AWS Config configuration recorder (default `recording`). */
  readonly recorder?: 'recording' | 'stopped' | 'none';
  /** Conformance packs deployed when none is named (default 1). */
  readonly packs?: number;
  /** Results per page for details, findings and queries (capped by the request's limit). */
  readonly pageSize?: number;
  /** Rules per page of DescribeConformancePackCompliance. */
  readonly rulePageSize?: number;
  /** Throttle every n-th request (5: 20 %). */
  readonly throttleEvery?: number;
  readonly failures?: Partial<Record<FakeOperation, Failure>>;
  /** CloudFormation tags of a resource, for SelectResourceConfig; undefined: not recorded by Config. */
  readonly tagsOf?: (type: string, id: string) => Record<string, string> | undefined;
  /** Restore jobs (default: one S3 restore a day ago that took 2 h). */
  readonly restoreJobs?: readonly FakeRestoreJob[];
  /** Resource types AWS Backup protects (default: those of the restore jobs). */
  readonly protectedTypes?: readonly string[];
  /** Managed instances (default: none). */
  readonly instances?: readonly FakeInstance[];
  /** Milliseconds before each answer, so that concurrent requests overlap at the server. */
  readonly latencyMs?: number;
}

/** A running fake. */
export interface FakeAws {
  readonly url: string;
  readonly requests: Record<string, number>;
  readonly throttled: number;
  readonly bytesServed: number;
  /** Most requests the server had open at once. */
  readonly maxInFlight: number;
  close(): Promise<void>;
}

const REST_JSON_OPERATIONS = new Set([
  'GetFindings',
  'GetEnabledStandards',
  'ListRestoreJobs',
  'ListProtectedResources',
]);
const DEFAULT_RESTORES: readonly FakeRestoreJob[] = [{ resourceType: 'S3', hoursAgo: 24, tookHours: 2 }];
const HOUR_S = 3600;

const CONTROLS = ['S3.5', 'S3.9', 'S3.14', 'CloudTrail.2', 'IAM.6', 'EC2.7', 'RDS.3', 'KMS.3'];
const PADDING = 'This control checks a configuration setting of the resource. '.repeat(12);

/** The rule names the fake pack reports, as a conformance pack deploys them (with its suffix). */
export function fakeRuleNames(count: number): string[] {
  const known = Object.keys(CONFIG_RULE_CITATIONS);
  return Array.from(
    { length: count },
    (_, i) => `${known[i] ?? `custom-check-${i}`}-conformance-pack-abcd1234`,
  );
}

/** Starts the fake on 127.0.0.1 with an ephemeral port. */
export async function startFakeAws(scenario: FakeAwsScenario = {}): Promise<FakeAws> {
  const account = scenario.account ?? '111122223333';
  const pack = scenario.packName ?? 'hipaa-security';
  const rules = fakeRuleNames(scenario.configRules ?? 10);
  const perRule = scenario.resultsPerRule ?? 3;
  const findings = scenario.findings ?? 0;
  const state = {
    requests: {} as Record<string, number>,
    throttled: 0,
    bytesServed: 0,
    count: 0,
    inFlight: 0,
    maxInFlight: 0,
  };
  const pagesServed: Record<string, number> = {};
  const failuresLeft: Record<string, number> = {};
  const sockets = new Set<import('node:net').Socket>();

  const send = (res: http.ServerResponse, status: number, body: string, headers: Record<string, string>) => {
    state.bytesServed += Buffer.byteLength(body);
    res.writeHead(status, { 'content-length': Buffer.byteLength(body), ...headers });
    res.end(body);
  };
  const json11 = (res: http.ServerResponse, status: number, body: object) =>
    send(res, status, JSON.stringify(body), { 'content-type': 'application/x-amz-json-1.1' });
  const restJson = (res: http.ServerResponse, status: number, body: object, errorType?: string) =>
    send(res, status, JSON.stringify(body), {
      'content-type': 'application/json',
      ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
    });
  const xml = (res: http.ServerResponse, status: number, body: string) =>
    send(res, status, body, { 'content-type': 'text/xml' });

  const page = <T>(items: (i: number) => T, total: number, token: unknown, limit: unknown, size: number) => {
    const start = Number(token ?? 0);
    const n = Math.min(size, Number(limit) > 0 ? Number(limit) : size);
    const end = Math.min(total, start + n);
    const list = Array.from({ length: end - start }, (_, k) => items(start + k));
    return { list, next: end < total ? String(end) : undefined };
  };
  const pageSize = scenario.pageSize ?? 100;
  const result = (i: number) => {
    const r = Math.floor(i / perRule);
    const every = scenario.nonCompliantEvery ?? 0;
    return {
      ComplianceType: every > 0 && i % every === 0 ? 'NON_COMPLIANT' : 'COMPLIANT',
      EvaluationResultIdentifier: {
        EvaluationResultQualifier: {
          ConfigRuleName: rules[r],
          ResourceType: 'AWS::S3::Bucket',
          ResourceId: `bucket-${i % perRule}`,
        },
        OrderingTimestamp: 1_780_000_000,
      },
      ConfigRuleInvokedTime: 1_780_000_000,
      ResultRecordedTime: 1_780_000_000,
    };
  };
  const finding = (i: number) => {
    const control = CONTROLS[i % CONTROLS.length];
    return {
      SchemaVersion: '2018-10-08',
      Id: `arn:aws:securityhub:us-east-1:${account}:security-control/${control}/finding/${i}`,
      ProductArn: 'arn:aws:securityhub:us-east-1::product/aws/securityhub',
      GeneratorId: `security-control/${control}`,
      AwsAccountId: account,
      Region: 'us-east-1',
      Types: ['Software and Configuration Checks/Industry and Regulatory Standards'],
      CreatedAt: '2026-11-01T00:00:00.000Z',
      UpdatedAt: '2026-11-02T00:00:00.000Z',
      Severity: { Label: i % 7 === 0 ? 'LOW' : 'HIGH', Original: 'HIGH' },
      Title: `${control} fake control title`,
      Description: PADDING,
      Remediation: {
        Recommendation: { Text: 'See the control documentation.', Url: 'https://example.com/x' },
      },
      ProductFields: {
        ControlId: control,
        ...(control === 'S3.5'
          ? {
              'RelatedAWSResources:0/name': 'securityhub-s3-bucket-ssl-requests-only-1a2b3c4d',
              'RelatedAWSResources:0/type': 'AWS::Config::ConfigRule',
            }
          : {}),
      },
      Resources: [
        {
          Type: 'AwsS3Bucket',
          Id: `arn:aws:s3:::finding-bucket-${i}`,
          Partition: 'aws',
          Region: 'us-east-1',
        },
      ],
      Compliance: { Status: 'FAILED', SecurityControlId: control },
      Workflow: { Status: 'NEW' },
      RecordState: 'ACTIVE',
    };
  };

  function fail(res: http.ServerResponse, op: FakeOperation, mode: FailureMode) {
    // A hanging request is simply never answered; close() destroys its socket.
    if (mode === 'hang') return;
    const r = failureResponse(op, mode, account);
    send(res, r.status, r.body, r.headers);
  }

  const server = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/__stats') {
      // Counters for the benchmark, which runs the server in its own process.
      const stats = { requests: state.requests, throttled: state.throttled, bytesServed: state.bytesServed };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(stats));
      return;
    }
    state.inFlight += 1;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    res.on('close', () => {
      state.inFlight -= 1;
    });
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => setTimeout(answer, scenario.latencyMs ?? 0));
    const answer = () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const target = String(req.headers['x-amz-target'] ?? '');
      const form = new URLSearchParams(raw);
      const url = new URL(req.url ?? '/', 'http://fake');
      const op = (
        target.startsWith('StarlingDoveService.')
          ? target.slice('StarlingDoveService.'.length)
          : target.startsWith('AmazonSSM.')
            ? target.slice('AmazonSSM.'.length)
            : req.method === 'GET' && /^\/restore-jobs\/?$/.test(url.pathname)
              ? 'ListRestoreJobs'
              : req.method === 'GET' && /^\/resources\/?$/.test(url.pathname)
                ? 'ListProtectedResources'
                : req.url === '/findings'
                  ? 'GetFindings'
                  : req.url === '/standards/get'
                    ? 'GetEnabledStandards'
                    : (form.get('Action') ?? 'Unknown')
      ) as FakeOperation;
      state.requests[op] = (state.requests[op] ?? 0) + 1;
      state.count += 1;
      const body = raw && !form.get('Action') ? (JSON.parse(raw) as Record<string, unknown>) : {};
      const every = scenario.throttleEvery ?? 0;
      if (every > 0 && state.count % every === 0 && op !== 'GetCallerIdentity' && op !== 'AssumeRole') {
        state.throttled += 1;
        if (REST_JSON_OPERATIONS.has(op)) {
          return restJson(res, 400, { message: 'Rate exceeded' }, 'ThrottlingException');
        }
        return json11(res, 400, { __type: 'ThrottlingException', message: 'Rate exceeded' });
      }
      const failure = scenario.failures?.[op];
      if (failure && (pagesServed[op] ?? 0) >= (failure.afterPages ?? 0)) {
        failuresLeft[op] ??= failure.times ?? Number.POSITIVE_INFINITY;
        if (failuresLeft[op] > 0) {
          failuresLeft[op] -= 1;
          return fail(res, op, failure.mode);
        }
      }
      pagesServed[op] = (pagesServed[op] ?? 0) + 1;
      switch (op) {
        case 'DescribeConfigurationRecorderStatus': {
          const recorder = scenario.recorder ?? 'recording';
          return json11(res, 200, {
            ConfigurationRecordersStatus:
              recorder === 'none'
                ? []
                : [{ name: 'default', recording: recorder === 'recording', lastStatus: 'SUCCESS' }],
          });
        }
        case 'DescribeConformancePacks':
          return json11(res, 200, {
            ConformancePackDetails: Array.from({ length: scenario.packs ?? 1 }, () => ({
              ConformancePackName: pack,
              ConformancePackArn: `arn:${pack}`,
              ConformancePackId: 'id',
            })),
          });
        case 'DescribeConformancePackCompliance': {
          const p = page(
            (i) => ({ ConfigRuleName: rules[i], ComplianceType: 'COMPLIANT' }),
            rules.length,
            body.NextToken,
            body.Limit,
            scenario.rulePageSize ?? 20,
          );
          return json11(res, 200, {
            ConformancePackName: pack,
            ConformancePackRuleComplianceList: p.list,
            NextToken: p.next,
          });
        }
        case 'GetConformancePackComplianceDetails': {
          const p = page(result, rules.length * perRule, body.NextToken, body.Limit, pageSize);
          return json11(res, 200, {
            ConformancePackName: pack,
            ConformancePackRuleEvaluationResults: p.list,
            NextToken: p.next,
          });
        }
        case 'SelectResourceConfig': {
          const p = page(
            (i) => {
              const id = `bucket-${i}`;
              const tags = scenario.tagsOf?.('AWS::S3::Bucket', id);
              return JSON.stringify({
                resourceId: id,
                resourceType: 'AWS::S3::Bucket',
                arn: `arn:aws:s3:::${id}`,
                tags: Object.entries(tags ?? {}).map(([key, value]) => ({
                  key,
                  value,
                  tag: `${key}=${value}`,
                })),
              });
            },
            perRule,
            body.NextToken,
            body.Limit,
            pageSize,
          );
          return json11(res, 200, {
            Results: p.list,
            QueryInfo: { SelectFields: [{ Name: 'resourceId' }] },
            NextToken: p.next,
          });
        }
        case 'GetEnabledStandards':
          return restJson(res, 200, {
            StandardsSubscriptions: Array.from({ length: scenario.standards ?? 1 }, () => ({
              StandardsSubscriptionArn: `arn:aws:securityhub:us-east-1:${account}:subscription/nist`,
              StandardsArn: 'arn:aws:securityhub:us-east-1::standards/nist-800-53/v/5.0.0',
              StandardsInput: {},
              StandardsStatus: 'READY',
            })),
          });
        case 'GetFindings': {
          const p = page(finding, findings, body.NextToken, body.MaxResults, pageSize);
          return restJson(res, 200, { Findings: p.list, NextToken: p.next });
        }
        case 'ListRestoreJobs': {
          const nowS = Date.now() / 1000;
          const jobs = (scenario.restoreJobs ?? DEFAULT_RESTORES).map((j, i) => ({
            AccountId: account,
            RestoreJobId: `restore-${i}`,
            ResourceType: j.resourceType,
            Status: j.tookHours === undefined ? 'RUNNING' : (j.status ?? 'COMPLETED'),
            CreationDate: nowS - j.hoursAgo * HOUR_S,
            ...(j.tookHours === undefined
              ? {}
              : { CompletionDate: nowS - (j.hoursAgo - j.tookHours) * HOUR_S }),
            CreatedResourceArn: `arn:aws:s3:::restored-${i}`,
          }));
          const p = page(
            (i) => jobs[i],
            jobs.length,
            url.searchParams.get('nextToken'),
            url.searchParams.get('maxResults'),
            1,
          );
          return restJson(res, 200, { RestoreJobs: p.list, NextToken: p.next });
        }
        case 'ListProtectedResources': {
          const types = scenario.protectedTypes ?? [
            ...new Set((scenario.restoreJobs ?? DEFAULT_RESTORES).map((j) => j.resourceType)),
          ];
          return restJson(res, 200, {
            Results: types.map((t, i) => ({ ResourceType: t, ResourceArn: `arn:aws:backup:protected-${i}` })),
          });
        }
        case 'DescribeInstanceInformation': {
          const list = scenario.instances ?? [];
          const p = page(
            (i) => ({ InstanceId: list[i].id, PingStatus: 'Online', ...platformInfo(list[i]) }),
            list.length,
            body.NextToken,
            body.MaxResults,
            1,
          );
          return json11(res, 200, { InstanceInformationList: p.list, NextToken: p.next });
        }
        case 'DescribeInstancePatchStates': {
          const ids = new Set((body.InstanceIds as string[] | undefined) ?? []);
          const nowS = Date.now() / 1000;
          const states = (scenario.instances ?? [])
            .filter((x) => ids.has(x.id) && x.scannedDaysAgo !== null)
            .map((x) => ({ ...x, counts: patchCounts(x) }))
            .map((x) => ({
              InstanceId: x.id,
              PatchGroup: 'default',
              BaselineId: 'pb-0123456789abcdef0',
              Operation: 'Scan',
              OperationStartTime: nowS - (x.scannedDaysAgo ?? 1) * 24 * HOUR_S - 60,
              OperationEndTime: nowS - (x.scannedDaysAgo ?? 1) * 24 * HOUR_S,
              CriticalNonCompliantCount: x.criticalMissing ?? x.counts.critical,
              SecurityNonCompliantCount: x.securityMissing ?? x.counts.security,
              MissingCount:
                (x.criticalMissing ?? x.counts.critical) + (x.securityMissing ?? x.counts.security),
              FailedCount: x.counts.failed,
            }));
          return json11(res, 200, { InstancePatchStates: states });
        }
        case 'DescribeInstancePatches':
          return json11(res, 200, describeInstancePatches(scenario.instances ?? [], body, pageSize));
        case 'DescribeAvailablePatches': {
          const answer = describeAvailablePatches(scenario.instances ?? [], body, pageSize);
          return answer
            ? json11(res, 200, answer)
            : json11(res, 400, { __type: 'ValidationException', message: 'PRODUCT filter required' });
        }
        case 'GetCallerIdentity':
          return xml(
            res,
            200,
            `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::${account}:user/test</Arn><UserId>AIDTEST</UserId><Account>${account}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
          );
        case 'AssumeRole':
          return xml(
            res,
            200,
            `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials><AccessKeyId>ASIATEST</AccessKeyId><SecretAccessKey>secret</SecretAccessKey><SessionToken>token</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials><AssumedRoleUser><Arn>${form.get('RoleArn')}/x</Arn><AssumedRoleId>AROA:x</AssumedRoleId></AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></AssumeRoleResponse>`,
          );
        default:
          return json11(res, 400, { __type: 'UnknownOperationException', message: op });
      }
    };
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get requests() {
      return state.requests;
    },
    get throttled() {
      return state.throttled;
    },
    get bytesServed() {
      return state.bytesServed;
    },
    get maxInFlight() {
      return state.maxInFlight;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
