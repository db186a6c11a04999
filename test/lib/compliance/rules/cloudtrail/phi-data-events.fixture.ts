import { CloudTrailPhiDataEvents } from '../../../../../lib/compliance/rules/cloudtrail/phi-data-events';
import { mutate, type RuleFixture, setProperty, stackTemplate } from '../../../../helpers/template-fixtures';

const PHI = [{ Key: 'DataClassification', Value: 'PHI' }];

/** Records (S3) is covered by the advanced selectors of Trail, Visits (DynamoDB) by the basic ones of LegacyTrail. */
const compliant = [
  stackTemplate(
    'Data',
    {
      Records: { Type: 'AWS::S3::Bucket', Properties: { Tags: PHI } },
      Visits: { Type: 'AWS::DynamoDB::Table', Properties: { Tags: PHI } },
      Scratch: { Type: 'AWS::S3::Bucket', Properties: {} },
    },
    {
      Outputs: {
        RecordsArn: { Value: { 'Fn::GetAtt': ['Records', 'Arn'] } },
        VisitsArn: { Value: { 'Fn::GetAtt': ['Visits', 'Arn'] }, Export: { Name: 'Data:VisitsArn' } },
      },
    },
  ),
  stackTemplate('Audit', {
    TrailLogs: { Type: 'AWS::S3::Bucket', Properties: { Tags: PHI } },
    Trail: {
      Type: 'AWS::CloudTrail::Trail',
      Properties: {
        IsLogging: true,
        S3BucketName: { Ref: 'TrailLogs' },
        AdvancedEventSelectors: [
          { FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
          {
            FieldSelectors: [
              { Field: 'eventCategory', Equals: ['Data'] },
              { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
              {
                Field: 'resources.ARN',
                StartsWith: [
                  {
                    'Fn::Join': [
                      '',
                      [
                        {
                          'Fn::GetStackOutput': {
                            StackName: 'Data',
                            Region: { Ref: 'AWS::Region' },
                            OutputName: 'RecordsArn',
                          },
                        },
                        '/',
                      ],
                    ],
                  },
                ],
              },
            ],
          },
        ],
      },
    },
    LegacyTrail: {
      Type: 'AWS::CloudTrail::Trail',
      Properties: {
        IsLogging: true,
        S3BucketName: { Ref: 'TrailLogs' },
        EventSelectors: [
          {
            ReadWriteType: 'All',
            DataResources: [
              { Type: 'AWS::DynamoDB::Table', Values: [{ 'Fn::ImportValue': 'Data:VisitsArn' }] },
            ],
          },
        ],
      },
    },
  }),
];

export const fixture: RuleFixture = {
  rule: CloudTrailPhiDataEvents,
  compliant,
  bad: [
    {
      name: 'no trail in the assembly',
      templates: compliant.filter((t) => t.stackName === 'Data'),
      path: 'Properties',
    },
    {
      name: 'no DynamoDB data events (the gap a reviewer found in AuditTrail)',
      templates: mutate(compliant, (r) => setProperty(r.LegacyTrail, 'EventSelectors', [])),
    },
    {
      name: 'data events narrowed to reads only',
      templates: mutate(compliant, (r) =>
        setProperty(r.LegacyTrail, 'EventSelectors.0.ReadWriteType', 'ReadOnly'),
      ),
    },
    {
      name: 'S3 selector narrowed by an eventName field',
      templates: mutate(compliant, (r) =>
        setProperty(r.Trail, 'AdvancedEventSelectors.1.FieldSelectors.3', {
          Field: 'eventName',
          Equals: ['PutObject'],
        }),
      ),
    },
    {
      name: 'bucket ARN imported from outside the assembly',
      templates: mutate(compliant, (r) =>
        setProperty(r.Trail, 'AdvancedEventSelectors.1.FieldSelectors.2.StartsWith', [
          { 'Fn::Join': ['', [{ 'Fn::ImportValue': 'Elsewhere:RecordsArn' }, '/']] },
        ]),
      ),
      expect: 'unverified',
    },
  ],
};
