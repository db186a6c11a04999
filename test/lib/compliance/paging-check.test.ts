import { Stack } from 'aws-cdk-lib';
import { IncidentResponse } from '../../../constructs/response/incident-response';
import { UNPAGED_TOPIC_RULE_ID } from '../../../lib/compliance/paging-check';
import { newGatedApp } from '../../helpers/gated-app';

function synthIncidents(subscribed: boolean): Error | undefined {
  const { app } = newGatedApp('paging-');
  const stack = new Stack(app, 'Response', { env: { account: '111122223333', region: 'us-east-1' } });
  const email = [{ email: 'security-oncall@example.org' }];
  new IncidentResponse(
    stack,
    'Incidents',
    subscribed ? { subscribers: { critical: email, high: email, medium: email } } : {},
  );
  try {
    app.synth();
    return undefined;
  } catch (error) {
    return error as Error;
  }
}

describe('in a gated app every alert topic pages someone', () => {
  test('a topic without a subscriber fails synth, naming the topic and the citation, as the gate’s own finding', () => {
    const error = synthIncidents(false);
    expect(error?.message).toMatch(
      /FATAL Response\/Incidents\/CriticalTopic \(critical incidents[^\n]*pages nobody \(164\.308\(a\)\(6\)\(ii\)\)/,
    );
    expect(error?.message).toMatch(/Response\/Incidents\/MediumTopic/);
    expect(error?.message).toContain('ComplianceGate-Paging');
  });

  test('with subscribers on every topic the check finds nothing', () => {
    expect(synthIncidents(true)?.message ?? '').not.toContain(UNPAGED_TOPIC_RULE_ID);
    expect(synthIncidents(true)?.message ?? '').not.toMatch(/pages nobody/);
  });
});
