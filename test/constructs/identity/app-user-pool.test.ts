import { Duration, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { RELAXATION_METADATA_KEY } from '../../../constructs/core/report-metadata';
import {
  AppClientAudience,
  type AppClientOptions,
  AppUserPool,
} from '../../../constructs/identity/app-user-pool';
import { newTestStack } from '../../helpers/app';
import { collectUnacknowledgedFindings, expectNoUnacknowledgedFindings } from '../../helpers/findings';

const CALLBACK = ['https://clinician.example.com/callback'];

describe('AppUserPool at its defaults', () => {
  const stack = newTestStack();
  const users = new AppUserPool(stack, 'AppUsers');
  users.addAppClient('ClinicianApp', { callbackUrls: CALLBACK });
  const template = Template.fromStack(stack);

  test('requires MFA with authenticator apps only (no SMS)', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      SmsConfiguration: Match.absent(),
    });
    template.resourceCountIs('AWS::IAM::Role', 0);
  });

  test('uses the Plus plan with threat protection enforced', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
    });
  });

  test('requires 14+ character passwords with every class, 24 remembered, temporary passwords for one day', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      Policies: {
        PasswordPolicy: {
          MinimumLength: 14,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
          TemporaryPasswordValidityDays: 1,
          PasswordHistorySize: 24,
        },
      },
    });
  });

  test('turns self sign-up off and recovers accounts by verified email only', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
    });
  });

  test('challenges every new device and remembers one only when the user asks', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true },
    });
  });

  test('is protected from deletion and retained', () => {
    template.hasResource('AWS::Cognito::UserPool', {
      Properties: Match.objectLike({ DeletionProtection: 'ACTIVE' }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('app clients are public, code-grant only, short-lived and hide user existence', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      CallbackURLs: CALLBACK,
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      PreventUserExistenceErrors: 'ENABLED',
      EnableTokenRevocation: true,
      AccessTokenValidity: 15,
      IdTokenValidity: 15,
      RefreshTokenValidity: 720,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'minutes' },
    });
    const [client] = Object.values(template.findResources('AWS::Cognito::UserPoolClient')) as {
      Properties: { AllowedOAuthFlows: string[]; AllowedOAuthScopes: string[] };
    }[];
    expect(client?.Properties.AllowedOAuthFlows).not.toContain('implicit');
    expect(client?.Properties.AllowedOAuthFlows).not.toContain('client_credentials');
    expect(client?.Properties.AllowedOAuthScopes).not.toContain('aws.cognito.signin.user.admin');
  });

  test('emits no warning and records no relaxation at its defaults', () => {
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
    expect(users.node.metadata.filter((m) => m.type === RELAXATION_METADATA_KEY)).toEqual([]);
  });

  test('has no unacknowledged findings', () => {
    expectNoUnacknowledgedFindings(users);
  });

  test('a plain user pool fails the compliance helper (the fixture can fail)', () => {
    const plain = new cognito.UserPool(newTestStack(), 'Plain');
    expect(collectUnacknowledgedFindings(plain).map((f) => f.ruleName)).toEqual(
      expect.arrayContaining(['AwsSolutions-COG2', 'AwsSolutions-COG1']),
    );
  });
});

describe('AppUserPool options', () => {
  test('allowSmsMfa adds SMS with an acknowledgeable warning and a managed-policy SMS role', () => {
    const stack = newTestStack();
    const users = new AppUserPool(stack, 'AppUsers', { allowSmsMfa: true });
    const warnings = users.node.metadata
      .filter((m) => m.type === 'aws:cdk:warning')
      .map((m) => String(m.data));
    expect(warnings).toEqual([
      expect.stringMatching(
        /SMS is offered as a second factor.*\(164\.312\(d\)\).*cdk-hipaa-baseline:SmsMfaEnabled/,
      ),
    ]);
    expect(users.node.metadata.filter((m) => m.type === RELAXATION_METADATA_KEY).map((m) => m.data)).toEqual([
      { citation: '164.312(d)', setting: 'allowSmsMfa', reason: expect.stringMatching(/SMS/) },
    ]);
    // The warning is acknowledgeable: an app that needs SMS records why, and the report keeps it.
    Validations.of(users).acknowledge({
      id: 'Annotation::cdk-hipaa-baseline:SmsMfaEnabled',
      reason: 'Fixture: a patient population without smartphones needs SMS codes.',
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      EnabledMfas: Match.arrayWith(['SMS_MFA', 'SOFTWARE_TOKEN_MFA']),
      SmsConfiguration: Match.objectLike({ ExternalId: Match.anyValue() }),
    });
    // Once acknowledged, the warning no longer fails a gated synth.
    Annotations.fromStack(stack).hasNoWarning('/TestStack/AppUsers', Match.anyValue());
    template.hasResourceProperties('AWS::IAM::Role', {
      Policies: Match.absent(),
      AssumeRolePolicyDocument: Match.objectLike({
        Statement: [Match.objectLike({ Principal: { Service: 'cognito-idp.amazonaws.com' } })],
      }),
    });
    expectNoUnacknowledgedFindings(users);
  });

  test('self sign-up can be turned on for patient portals; MFA stays required', () => {
    const stack = newTestStack();
    new AppUserPool(stack, 'Patients', { selfSignUpEnabled: true });
    Template.fromStack(stack).hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: false },
      MfaConfiguration: 'ON',
    });
  });

  test('patient apps may keep users signed in up to 30 days; native-app schemes are accepted', () => {
    const stack = newTestStack();
    new AppUserPool(stack, 'Patients').addAppClient('PatientApp', {
      audience: AppClientAudience.PATIENT,
      callbackUrls: ['com.example.patient://callback', 'http://localhost:3000/callback'],
      refreshTokenValidity: Duration.days(30),
      accessTokenValidity: Duration.hours(1),
    });
    Template.fromStack(stack).hasResourceProperties('AWS::Cognito::UserPoolClient', {
      RefreshTokenValidity: 43200,
      AccessTokenValidity: 60,
    });
  });
});

describe('AppUserPool.addAppClient rejects unsafe options', () => {
  const add = (options: AppClientOptions) => () =>
    new AppUserPool(newTestStack(), 'AppUsers').addAppClient('ClinicianApp', options);

  test('rejects an access token valid longer than 1 hour (164.312(a)(2)(iii))', () => {
    expect(add({ callbackUrls: CALLBACK, accessTokenValidity: Duration.hours(2) })).toThrow(
      /TestStack\/AppUsers\/ClinicianApp: 'accessTokenValidity' must be from 15 minutes to 1 hour \(PT15M to PT1H\) \(164\.312\(a\)\(2\)\(iii\)\), got "2 hours \(PT2H\)"/,
    );
  });

  test('rejects an ID token valid shorter than 15 minutes', () => {
    expect(add({ callbackUrls: CALLBACK, idTokenValidity: Duration.minutes(5) })).toThrow(
      /'idTokenValidity' must be from 15 minutes to 1 hour .*got "5 minutes \(PT5M\)"/,
    );
  });

  test('rejects a clinician refresh token valid longer than 12 hours (164.312(a)(2)(iii))', () => {
    expect(add({ callbackUrls: CALLBACK, refreshTokenValidity: Duration.hours(24) })).toThrow(
      /TestStack\/AppUsers\/ClinicianApp: 'refreshTokenValidity' must be from 1 hour to 12 hours \(PT1H to PT12H\) \(164\.312\(a\)\(2\)\(iii\)\), got "1 day \(P1D\)"/,
    );
  });

  test('rejects a patient refresh token valid longer than 30 days', () => {
    expect(
      add({
        callbackUrls: CALLBACK,
        audience: AppClientAudience.PATIENT,
        refreshTokenValidity: Duration.days(90),
      }),
    ).toThrow(/'refreshTokenValidity' must be from 1 hour to 30 days .*got "90 days \(P90D\)"/);
  });

  test.each(['http://clinician.example.com/callback', 'https://*.example.com/callback', 'not a url'])(
    'rejects the callback URL %p (164.312(e)(1))',
    (url) => {
      expect(add({ callbackUrls: [url] })).toThrow(
        /TestStack\/AppUsers\/ClinicianApp: 'callbackUrls\[0\]' must be an https:\/\/ URL .*\(164\.312\(e\)\(1\)\), got "/,
      );
    },
  );

  test('rejects an app client without callback URLs (164.312(d))', () => {
    expect(add({ callbackUrls: [] })).toThrow(
      /'callbackUrls' must be at least one redirect URL \(164\.312\(d\)\), got \[\]/,
    );
  });
});
