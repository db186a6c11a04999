import * as path from 'node:path';
import { ConfigError, parseBaselineConfig, resolveBaselineConfig } from '../../lib/config';
import { mergeConfigLayers, referenceAppLayers } from '../../lib/config-layers';

const CDK_JSON = path.join(__dirname, '..', '..', 'cdk.json');
/** Every alert topic with one subscriber. */
const ALERTS = {
  critical: ['oncall@example.org'],
  high: ['oncall@example.org'],
  medium: ['team@example.org'],
  securityAlarms: ['oncall@example.org'],
  breakGlass: ['oncall@example.org'],
};

describe('parseBaselineConfig', () => {
  test('fills secure defaults', () => {
    expect(parseBaselineConfig({ environmentName: 'prod', alerts: ALERTS })).toEqual({
      environmentName: 'prod',
      env: {},
      logRetentionDays: 2192,
      keyRotationDays: 365,
      network: { cidr: '10.40.0.0/16', maxAzs: 2, internetEgress: false, egressAllowedDomains: [] },
      portal: { imageTag: '1.0.0', desiredCount: 2 },
      alerts: {
        critical: [{ email: 'oncall@example.org' }],
        high: [{ email: 'oncall@example.org' }],
        medium: [{ email: 'team@example.org' }],
        securityAlarms: [{ email: 'oncall@example.org' }],
        breakGlass: [{ email: 'oncall@example.org' }],
      },
      database: { name: 'patientrecords', readers: 1 },
    });
  });

  test('treats null account and region (as in cdk.json) as environment-agnostic', () => {
    expect(
      parseBaselineConfig({ environmentName: 'ref', env: { account: null, region: null }, alerts: ALERTS })
        .env,
    ).toEqual({});
  });

  test('accepts a JSON string from `-c`', () => {
    expect(
      parseBaselineConfig(JSON.stringify({ environmentName: 'dev', keyRotationDays: 180, alerts: ALERTS }))
        .keyRotationDays,
    ).toBe(180);
  });

  test('lists every bad key with the value received and what is allowed', () => {
    const attempt = () =>
      parseBaselineConfig({
        environmentName: 'Prod',
        logRetentionDays: 365,
        keyRotationDays: 400,
        network: { cidr: '8.8.8.0/24' },
        env: { account: '123', region: 'us-east-1', availabilityZones: ['us-west-2a', 'us-east-1b'] },
        alerts: { critical: ['not-an-email'] },
        extra: true,
      });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/hipaaBaseline\.environmentName must be .* \(got "Prod"\)/);
    expect(attempt).toThrow(
      /hipaaBaseline\.logRetentionDays must be one of 2192, .* \(164\.316\(b\)\(2\)\(i\)\) \(got 365\)/,
    );
    expect(attempt).toThrow(/hipaaBaseline\.keyRotationDays must be at most 365 days.* \(got 400\)/);
    expect(attempt).toThrow(
      /hipaaBaseline\.network\.cidr must be a private IPv4 CIDR .* \(got "8\.8\.8\.0\/24"\)/,
    );
    expect(attempt).toThrow(/hipaaBaseline\.env\.account must be a 12-digit AWS account id \(got "123"\)/);
    expect(attempt).toThrow(
      /hipaaBaseline\.env\.availabilityZones\.0 must be in region us-east-1 \(got "us-west-2a"\)/,
    );
    expect(attempt).toThrow(
      /hipaaBaseline\.alerts\.critical\.0 must be an email address \(got "not-an-email"\)/,
    );
    expect(attempt).toThrow(/hipaaBaseline\.extra is not a configuration key/);
  });

  test('rejects a missing key and malformed JSON', () => {
    expect(() => parseBaselineConfig(undefined)).toThrow(/'hipaaBaseline' key is missing/);
    expect(() => parseBaselineConfig('{oops')).toThrow(/not valid JSON/);
  });
});

describe('configuration layers: defaults in code < cdk.json < -c', () => {
  test("the README's override changes one key and keeps cdk.json's subscribers", () => {
    const config = resolveBaselineConfig(
      referenceAppLayers('hipaaBaseline', '{"environmentName":"staging"}', CDK_JSON),
    );
    expect(config.environmentName).toBe('staging');
    expect(config.alerts.critical).toEqual([{ email: 'security-oncall@example.org' }]);
    expect(config.alerts.securityAlarms.length).toBeGreaterThan(0);
    expect(config.alerts.breakGlass.length).toBeGreaterThan(0);
    expect(config.network.cidr).toBe('10.40.0.0/16');
  });

  test('the context value alone is used when it is cdk.json itself', () => {
    expect(referenceAppLayers('hipaaBaseline', { environmentName: 'x' }, undefined)).toEqual([
      { source: "cdk.json context 'hipaaBaseline'", value: undefined },
      { source: "context 'hipaaBaseline'", value: { environmentName: 'x' } },
    ]);
  });

  test('objects merge key by key; arrays, scalars and null replace', () => {
    expect(
      mergeConfigLayers([
        { a: { b: 1, c: [1, 2] }, d: 'x', e: { f: 1 } },
        { a: { c: [3] }, d: null },
        { e: { g: 2 } },
      ]),
    ).toEqual({ a: { b: 1, c: [3] }, d: null, e: { f: 1, g: 2 } });
  });

  test('a later layer replaces an alert list, it does not append to it', () => {
    const config = resolveBaselineConfig([
      { source: 'cdk.json', value: { environmentName: 'prod', alerts: ALERTS } },
      { source: '-c', value: '{"alerts":{"critical":["pager@example.org"]}}' },
    ]);
    expect(config.alerts.critical).toEqual([{ email: 'pager@example.org' }]);
    expect(config.alerts.high).toEqual([{ email: 'oncall@example.org' }]);
  });
});

describe('every alert topic reaches a person', () => {
  test('fails with the complete list of topics nobody is subscribed to, each named', () => {
    const attempt = () =>
      resolveBaselineConfig([
        { source: 'cdk.json', value: { environmentName: 'prod', alerts: { critical: ['a@example.org'] } } },
        { source: '-c', value: { alerts: { high: [] } } },
      ]);
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const problems = (error as ConfigError).problems;
      expect(problems).toEqual([
        expect.stringMatching(
          /^hipaaBaseline\.alerts\.high has no subscriber: Hipaa-prod-Resilience\/Incidents\/HighTopic/,
        ),
        expect.stringMatching(
          /^hipaaBaseline\.alerts\.medium has no subscriber: Hipaa-prod-Resilience\/Incidents\/MediumTopic/,
        ),
        expect.stringMatching(
          /^hipaaBaseline\.alerts\.securityAlarms has no subscriber: Hipaa-prod-AccountBaseline\/SecurityAlarms\/Topic \(the CIS monitoring alarms.*\(164\.308\(a\)\(6\)\(ii\)\)/,
        ),
        expect.stringMatching(
          /^hipaaBaseline\.alerts\.breakGlass has no subscriber: Hipaa-prod-Identity\/Access\/BreakGlassAlarm\/Topic .*\(164\.312\(a\)\(2\)\(ii\)\)/,
        ),
      ]);
      expect((error as Error).message).toMatch(
        /^Invalid configuration \(defaults in code < cdk\.json < -c\):/,
      );
    }
  });

  test('accepts HTTPS endpoints, chat webhooks and, for the alarm topics, one existing topic', () => {
    const config = parseBaselineConfig({
      environmentName: 'prod',
      env: { region: 'us-east-1' },
      alerts: {
        ...ALERTS,
        high: [{ https: 'https://pager.example.com/sns' }, { chatWebhook: 'https://chat.example.com/hook' }],
        securityAlarms: [{ topicArn: 'arn:aws:sns:us-east-1:111122223333:security-alarms' }],
      },
    });
    expect(config.alerts.high).toEqual([
      { https: 'https://pager.example.com/sns' },
      { chatWebhook: 'https://chat.example.com/hook' },
    ]);
    expect(config.alerts.securityAlarms).toEqual([
      { topicArn: 'arn:aws:sns:us-east-1:111122223333:security-alarms' },
    ]);
  });

  test('rejects a topic ARN for an incident topic, next to subscribers, or in another Region', () => {
    const attempt = () =>
      parseBaselineConfig({
        environmentName: 'prod',
        env: { region: 'us-east-1' },
        alerts: {
          ...ALERTS,
          critical: [{ topicArn: 'arn:aws:sns:us-east-1:111122223333:t' }],
          securityAlarms: [{ topicArn: 'arn:aws:sns:us-east-1:111122223333:t' }, 'a@example.org'],
          breakGlass: [{ topicArn: 'arn:aws:sns:eu-west-1:111122223333:t' }],
          medium: [{ https: 'http://plain.example.com' }],
        },
      });
    expect(attempt).toThrow(
      /hipaaBaseline\.alerts\.critical\.0 must be an email address, .*\{ "chatWebhook": "https:\/\/…" \} \(got/,
    );
    expect(attempt).toThrow(
      /hipaaBaseline\.alerts\.securityAlarms must hold only the \{ "topicArn": … \} entry/,
    );
    expect(attempt).toThrow(/hipaaBaseline\.alerts\.breakGlass\.0 must be a topic in env\.region us-east-1/);
    expect(attempt).toThrow(/hipaaBaseline\.alerts\.medium\.0 must be an https:\/\/ URL without credentials/);
  });
});

describe('values that would silently change the deployment', () => {
  test('a CIDR with host bits, an unknown Region and a made-up zone are errors, listed together', () => {
    const attempt = () =>
      parseBaselineConfig({
        environmentName: 'prod',
        alerts: ALERTS,
        network: { cidr: '10.40.7.9/16' },
        env: { region: 'us-fake-9', availabilityZones: ['us-fake-9a', 'us-fake-9z'] },
      });
    expect(attempt).toThrow(
      /hipaaBaseline\.network\.cidr has host bits set: the network is 10\.40\.0\.0\/16.* \(got "10\.40\.7\.9\/16"\)/,
    );
    expect(attempt).toThrow(
      /hipaaBaseline\.env\.region must be an AWS Region known to aws-cdk-lib .*\(got "us-fake-9"\)/,
    );
    expect(attempt).toThrow(
      /hipaaBaseline\.env\.availabilityZones\.1 must be an availability zone .*\(got "us-fake-9z"\)/,
    );
  });

  test('accepts a network address and a known Region', () => {
    const config = parseBaselineConfig({
      environmentName: 'prod',
      alerts: ALERTS,
      network: { cidr: '10.41.0.0/16' },
      env: { region: 'eu-west-1' },
    });
    expect(config.network.cidr).toBe('10.41.0.0/16');
    expect(config.env.region).toBe('eu-west-1');
  });

  test('internet egress needs the allow-list its Network Firewall enforces; the portal image is never latest', () => {
    const attempt = (extra: object) => () =>
      parseBaselineConfig({ environmentName: 'prod', alerts: ALERTS, ...extra });
    expect(attempt({ network: { internetEgress: true } })).toThrow(
      /hipaaBaseline\.network\.egressAllowedDomains must list the domains workloads may reach when internetEgress is true.*\(164\.312\(e\)\(1\)\)/,
    );
    expect(attempt({ network: { internetEgress: true, egressAllowedDomains: ['*'] } })).toThrow(
      /hipaaBaseline\.network\.egressAllowedDomains\.0 must be a lowercase domain .*\(got "\*"\)/,
    );
    expect(attempt({ portal: { imageTag: 'latest' } })).toThrow(
      /hipaaBaseline\.portal\.imageTag must not be "latest": name an immutable release \(got "latest"\)/,
    );
    expect(attempt({ portal: { certificateArn: 'arn:aws:iam::111122223333:role/x' } })).toThrow(
      /hipaaBaseline\.portal\.certificateArn must be an ACM certificate ARN/,
    );
    const config = parseBaselineConfig({
      environmentName: 'prod',
      alerts: ALERTS,
      network: { internetEgress: true, egressAllowedDomains: ['api.partner.example.org', '.example.com'] },
    });
    expect(config.network.egressAllowedDomains).toEqual(['api.partner.example.org', '.example.com']);
  });

  test('unknown keys are errors naming the key, at any depth', () => {
    expect(() =>
      parseBaselineConfig({
        environmentName: 'prod',
        alerts: { ...ALERTS, low: [] },
        network: { cdir: 'x' },
      }),
    ).toThrow(
      /hipaaBaseline\.alerts\.low is not a configuration key[\s\S]*hipaaBaseline\.network\.cdir is not a configuration key|hipaaBaseline\.network\.cdir is not a configuration key[\s\S]*hipaaBaseline\.alerts\.low is not a configuration key/,
    );
  });
});
