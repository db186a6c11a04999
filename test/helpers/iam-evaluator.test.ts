import {
  evaluate,
  evaluateResourcePolicy,
  evaluateWithBoundary,
  flattenIntrinsics,
  type ResourceStatement,
  type Statement,
  statementApplies,
  wildcardMatch,
} from './iam-evaluator';

const BUCKET_OBJECT = 'arn:aws:s3:::docs/report.pdf';

describe('wildcardMatch', () => {
  test('* matches any run of characters and ? exactly one', () => {
    expect(wildcardMatch('s3:Get*', 's3:GetObject')).toBe(true);
    expect(wildcardMatch('s3:Get?bject', 's3:GetObject')).toBe(true);
    expect(wildcardMatch('s3:Get?', 's3:GetObject')).toBe(false);
    expect(wildcardMatch('arn:aws:s3:::docs/*', BUCKET_OBJECT)).toBe(true);
  });

  test('is case-sensitive unless asked otherwise, and escapes regex characters', () => {
    expect(wildcardMatch('s3:getobject', 's3:GetObject')).toBe(false);
    expect(wildcardMatch('s3:getobject', 's3:GetObject', true)).toBe(true);
    expect(wildcardMatch('a.b', 'axb')).toBe(false);
    expect(wildcardMatch('a(b)+', 'a(b)+')).toBe(true);
  });
});

describe('evaluate: actions and resources', () => {
  const allowRead: Statement = { Effect: 'Allow', Action: 's3:Get*', Resource: 'arn:aws:s3:::docs/*' };

  test('allows a matching action on a matching resource; action names are case-insensitive', () => {
    expect(evaluate([allowRead], { action: 's3:GetObject', resource: BUCKET_OBJECT })).toBe('Allow');
    expect(evaluate([allowRead], { action: 'S3:getobject', resource: BUCKET_OBJECT })).toBe('Allow');
  });

  test('implicitly denies what no statement allows', () => {
    expect(evaluate([allowRead], { action: 's3:PutObject', resource: BUCKET_OBJECT })).toBe('ImplicitDeny');
    expect(evaluate([allowRead], { action: 's3:GetObject', resource: 'arn:aws:s3:::other/x' })).toBe(
      'ImplicitDeny',
    );
    expect(evaluate([], { action: 's3:GetObject', resource: BUCKET_OBJECT })).toBe('ImplicitDeny');
  });

  test('an explicit deny wins over any allow', () => {
    const statements: Statement[] = [
      { Effect: 'Allow', Action: '*', Resource: '*' },
      { Effect: 'Deny', Action: ['s3:GetObject'], Resource: '*' },
    ];
    expect(evaluate(statements, { action: 's3:GetObject', resource: BUCKET_OBJECT })).toBe('ExplicitDeny');
    expect(evaluate(statements, { action: 's3:ListBucket', resource: BUCKET_OBJECT })).toBe('Allow');
  });

  test('NotAction applies to every action except those listed', () => {
    const deny: Statement = { Effect: 'Deny', NotAction: ['iam:ChangePassword'], Resource: '*' };
    expect(statementApplies(deny, { action: 's3:GetObject', resource: '*' })).toBe(true);
    expect(statementApplies(deny, { action: 'iam:ChangePassword', resource: '*' })).toBe(false);
  });

  test('NotResource applies to every resource except those listed', () => {
    const deny: Statement = { Effect: 'Deny', Action: 's3:*', NotResource: 'arn:aws:s3:::evidence/*' };
    expect(statementApplies(deny, { action: 's3:GetObject', resource: BUCKET_OBJECT })).toBe(true);
    expect(statementApplies(deny, { action: 's3:GetObject', resource: 'arn:aws:s3:::evidence/a' })).toBe(
      false,
    );
  });

  test('substitutes policy variables in resources; an absent variable matches nothing', () => {
    const own: Statement = {
      Effect: 'Allow',
      Action: 'iam:ChangePassword',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: IAM policy variable, not a template
      Resource: 'arn:aws:iam::111122223333:user/${aws:username}',
    };
    const request = { action: 'iam:ChangePassword', resource: 'arn:aws:iam::111122223333:user/alice' };
    expect(evaluate([own], { ...request, context: { 'aws:username': 'alice' } })).toBe('Allow');
    expect(evaluate([own], { ...request, context: { 'aws:username': 'bob' } })).toBe('ImplicitDeny');
    expect(evaluate([own], request)).toBe('ImplicitDeny');
  });

  test('rejects malformed statements and unflattened intrinsics instead of guessing', () => {
    expect(() =>
      evaluate([{ Effect: 'Allow', Action: 's3:GetObject' }], { action: 's3:GetObject', resource: '*' }),
    ).toThrow(/needs Resource or NotResource/);
    expect(() =>
      evaluate([{ Effect: 'Allow', Action: 'a:b', NotAction: 'a:c', Resource: '*' }], {
        action: 'a:b',
        resource: '*',
      }),
    ).toThrow(/both Action and NotAction/);
    const intrinsic = { Effect: 'Allow', Action: 'a:b', Resource: { 'Fn::GetAtt': ['X', 'Arn'] } };
    expect(() => evaluate([intrinsic as unknown as Statement], { action: 'a:b', resource: '*' })).toThrow(
      /flatten CloudFormation intrinsics/,
    );
  });
});

describe('evaluate: conditions', () => {
  const when = (Condition: Statement['Condition']): Statement => ({
    Effect: 'Allow',
    Action: 'a:b',
    Resource: '*',
    Condition,
  });
  const holds = (statement: Statement, context: Record<string, string | number | boolean | string[]> = {}) =>
    statementApplies(statement, { action: 'a:b', resource: 'arn:aws:s3:::x', context });

  test('Bool compares case-insensitively and is false when the key is absent', () => {
    const mfa = when({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } });
    expect(holds(mfa, { 'aws:MultiFactorAuthPresent': 'true' })).toBe(true);
    expect(holds(mfa, { 'aws:MultiFactorAuthPresent': true })).toBe(true);
    expect(holds(mfa, { 'aws:MultiFactorAuthPresent': 'TRUE' })).toBe(true);
    expect(holds(mfa, { 'aws:MultiFactorAuthPresent': 'false' })).toBe(false);
    expect(holds(mfa)).toBe(false);
  });

  test('BoolIfExists is true when the key is absent', () => {
    const noMfa = when({ BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } });
    expect(holds(noMfa)).toBe(true);
    expect(holds(noMfa, { 'aws:MultiFactorAuthPresent': 'false' })).toBe(true);
    expect(holds(noMfa, { 'aws:MultiFactorAuthPresent': 'true' })).toBe(false);
  });

  test('StringEquals matches any listed value; StringNotEquals none, and is true when the key is absent', () => {
    const phi = when({ StringEquals: { 'aws:ResourceTag/DataClassification': ['PHI', 'PII'] } });
    expect(holds(phi, { 'aws:ResourceTag/DataClassification': 'PII' })).toBe(true);
    expect(holds(phi, { 'aws:ResourceTag/DataClassification': 'phi' })).toBe(false);
    expect(holds(phi)).toBe(false);
    const notPhi = when({ StringNotEquals: { 'aws:ResourceTag/DataClassification': 'PHI' } });
    expect(holds(notPhi, { 'aws:ResourceTag/DataClassification': 'Public' })).toBe(true);
    expect(holds(notPhi, { 'aws:ResourceTag/DataClassification': 'PHI' })).toBe(false);
    expect(holds(notPhi)).toBe(true);
  });

  test('StringLike and StringNotLike use wildcards', () => {
    expect(
      holds(when({ StringLike: { 'aws:PrincipalArn': '*:role/dev-*' } }), {
        'aws:PrincipalArn': 'arn:aws:iam::1:role/dev-a',
      }),
    ).toBe(true);
    expect(
      holds(when({ StringNotLike: { 'aws:PrincipalArn': '*:role/dev-*' } }), {
        'aws:PrincipalArn': 'arn:aws:iam::1:role/dev-a',
      }),
    ).toBe(false);
    expect(holds(when({ StringNotLike: { 'aws:PrincipalArn': '*:role/dev-*' } }))).toBe(true);
  });

  test('ArnLike and ArnEquals match each ARN part on its own', () => {
    const arn = 'arn:aws:iam::111122223333:policy/Boundary';
    expect(
      holds(when({ ArnLike: { 'iam:PolicyARN': 'arn:aws:iam::*:policy/Boundary' } }), {
        'iam:PolicyARN': arn,
      }),
    ).toBe(true);
    expect(holds(when({ ArnEquals: { 'iam:PolicyARN': arn } }), { 'iam:PolicyARN': arn })).toBe(true);
    // '*' in the account part does not swallow the colons of other parts.
    expect(holds(when({ ArnLike: { 'iam:PolicyARN': 'arn:aws:iam::*' } }), { 'iam:PolicyARN': arn })).toBe(
      false,
    );
    expect(
      holds(when({ ArnLike: { 'iam:PolicyARN': 'arn:aws:iam::*:*' } }), { 'iam:PolicyARN': 'not-an-arn' }),
    ).toBe(false);
  });

  test('NumericLessThan and NumericGreaterThan compare numbers, false when absent unless IfExists', () => {
    const fresh = when({ NumericLessThan: { 'aws:MultiFactorAuthAge': 3600 } });
    expect(holds(fresh, { 'aws:MultiFactorAuthAge': 120 })).toBe(true);
    expect(holds(fresh, { 'aws:MultiFactorAuthAge': '3600' })).toBe(false);
    expect(holds(fresh)).toBe(false);
    expect(holds(when({ NumericLessThanIfExists: { 'aws:MultiFactorAuthAge': 3600 } }))).toBe(true);
    expect(holds(when({ NumericGreaterThan: { 's3:max-keys': '10' } }), { 's3:max-keys': 11 })).toBe(true);
    expect(holds(when({ NumericGreaterThan: { 's3:max-keys': '10' } }), { 's3:max-keys': 'ten' })).toBe(
      false,
    );
  });

  test('StringEqualsIfExists is true when the key is absent, and compares when present', () => {
    const c = when({ StringEqualsIfExists: { 'aws:RequestedRegion': 'us-east-1' } });
    expect(holds(c)).toBe(true);
    expect(holds(c, { 'aws:RequestedRegion': 'eu-west-1' })).toBe(false);
  });

  test('every operator and every key must hold', () => {
    const both = when({
      Bool: { 'aws:MultiFactorAuthPresent': 'true' },
      NumericLessThan: { 'aws:MultiFactorAuthAge': 3600 },
    });
    expect(holds(both, { 'aws:MultiFactorAuthPresent': 'true', 'aws:MultiFactorAuthAge': 10 })).toBe(true);
    expect(holds(both, { 'aws:MultiFactorAuthPresent': 'true', 'aws:MultiFactorAuthAge': 7200 })).toBe(false);
  });

  test('a multi-valued context key matches when any value matches', () => {
    expect(
      holds(when({ StringEquals: { 'aws:TagKeys': 'Owner' } }), { 'aws:TagKeys': ['Team', 'Owner'] }),
    ).toBe(true);
  });

  test('substitutes policy variables in condition values', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: IAM policy variable, not a template
    const own = when({ StringEquals: { 'aws:PrincipalTag/team': '${aws:ResourceTag/team}' } });
    expect(holds(own, { 'aws:PrincipalTag/team': 'a', 'aws:ResourceTag/team': 'a' })).toBe(true);
    expect(holds(own, { 'aws:PrincipalTag/team': 'a', 'aws:ResourceTag/team': 'b' })).toBe(false);
  });

  test('rejects operators it does not implement', () => {
    expect(() => holds(when({ DateLessThan: { 'aws:CurrentTime': '2030-01-01' } }), {})).toThrow(
      /Unsupported condition operator DateLessThan/,
    );
    expect(() => holds(when({ 'ForAnyValue:StringEquals': { 'aws:TagKeys': 'x' } }), {})).toThrow(
      /Unsupported condition set operator/,
    );
  });
});

describe('evaluateWithBoundary', () => {
  const admin: Statement[] = [{ Effect: 'Allow', Action: '*', Resource: '*' }];
  const boundary: Statement[] = [
    { Effect: 'Allow', Action: ['s3:*', 'cloudtrail:*'], Resource: '*' },
    { Effect: 'Deny', Action: 'cloudtrail:StopLogging', Resource: '*' },
  ];

  test('allows only what both the identity policies and the boundary allow', () => {
    expect(evaluateWithBoundary(admin, boundary, { action: 's3:GetObject', resource: BUCKET_OBJECT })).toBe(
      'Allow',
    );
    expect(evaluateWithBoundary(admin, boundary, { action: 'ec2:RunInstances', resource: '*' })).toBe(
      'ImplicitDeny',
    );
    expect(evaluateWithBoundary([], boundary, { action: 's3:GetObject', resource: BUCKET_OBJECT })).toBe(
      'ImplicitDeny',
    );
  });

  test('an explicit deny in the boundary wins over an identity allow, and vice versa', () => {
    expect(evaluateWithBoundary(admin, boundary, { action: 'cloudtrail:StopLogging', resource: '*' })).toBe(
      'ExplicitDeny',
    );
    const denyS3: Statement[] = [...admin, { Effect: 'Deny', Action: 's3:GetObject', Resource: '*' }];
    expect(evaluateWithBoundary(denyS3, boundary, { action: 's3:GetObject', resource: BUCKET_OBJECT })).toBe(
      'ExplicitDeny',
    );
  });
});

describe('flattenIntrinsics', () => {
  test('replaces pseudo parameters, joins, refs and attributes with strings', () => {
    const flat = flattenIntrinsics(
      {
        Resource: [
          {
            'Fn::Join': [
              '',
              ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':root'],
            ],
          },
          { 'Fn::GetAtt': ['RoleABC', 'Arn'] },
          { Ref: 'Topic' },
          { 'Fn::GetAtt': ['Known', 'Arn'] },
        ],
      },
      { account: '444455556666', refs: { 'Known.Arn': 'arn:aws:iam::444455556666:role/known' } },
    );
    expect(flat.Resource).toEqual([
      'arn:aws:iam::444455556666:root',
      '<RoleABC.Arn>',
      '<Topic>',
      'arn:aws:iam::444455556666:role/known',
    ]);
  });
});

describe('evaluate: ArnNotLike and Null', () => {
  test('ArnNotLike applies when the ARN matches none of the patterns, and when the key is absent', () => {
    const deny: Statement = {
      Effect: 'Deny',
      Action: 'cloudtrail:StopLogging',
      Resource: '*',
      Condition: { ArnNotLike: { 'aws:PrincipalArn': ['arn:aws:iam::*:role/Admin'] } },
    };
    const as = (arn?: string) =>
      statementApplies(deny, {
        action: 'cloudtrail:StopLogging',
        resource: '*',
        context: arn ? { 'aws:PrincipalArn': arn } : {},
      });
    expect(as('arn:aws:iam::111122223333:role/Developer')).toBe(true);
    expect(as('arn:aws:iam::111122223333:role/Admin')).toBe(false);
    expect(as()).toBe(true);
  });

  test('Null "true" holds when the key is absent and "false" when it is present', () => {
    const absent: Statement = {
      Effect: 'Deny',
      Action: '*',
      Resource: '*',
      Condition: { Null: { 'aws:MultiFactorAuthAge': 'true' } },
    };
    expect(statementApplies(absent, { action: 's3:GetObject', resource: '*' })).toBe(true);
    expect(
      statementApplies(absent, {
        action: 's3:GetObject',
        resource: '*',
        context: { 'aws:MultiFactorAuthAge': 30 },
      }),
    ).toBe(false);
  });
});

describe('evaluateResourcePolicy', () => {
  const ROLE = 'arn:aws:iam::111122223333:role/App';
  const policy: ResourceStatement[] = [
    {
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111122223333:root' },
      Action: 'kms:Describe*',
      Resource: '*',
    },
    { Effect: 'Allow', Principal: { AWS: ROLE }, Action: 'kms:Decrypt', Resource: '*' },
  ];

  test('a named principal gets what its statement allows and nothing else', () => {
    expect(evaluateResourcePolicy(policy, { principal: ROLE, action: 'kms:Decrypt', resource: '*' })).toBe(
      'Allow',
    );
    expect(evaluateResourcePolicy(policy, { principal: ROLE, action: 'kms:Encrypt', resource: '*' })).toBe(
      'ImplicitDeny',
    );
  });

  test('the account root statement covers the account’s principals, not other accounts', () => {
    const other = 'arn:aws:iam::444455556666:role/App';
    const admin = 'arn:aws:iam::111122223333:role/KeyAdmin';
    expect(
      evaluateResourcePolicy(policy, { principal: admin, action: 'kms:DescribeKey', resource: '*' }),
    ).toBe('Allow');
    expect(evaluateResourcePolicy(policy, { principal: admin, action: 'kms:Decrypt', resource: '*' })).toBe(
      'ImplicitDeny',
    );
    expect(
      evaluateResourcePolicy(policy, { principal: other, action: 'kms:DescribeKey', resource: '*' }),
    ).toBe('ImplicitDeny');
  });

  test('rejects a statement without Principal', () => {
    expect(() =>
      evaluateResourcePolicy([{ Effect: 'Allow', Action: '*', Resource: '*' }], {
        principal: ROLE,
        action: 'kms:Decrypt',
        resource: '*',
      }),
    ).toThrow(/needs Principal/);
  });
});
