import { Citation } from '../../../../constructs/core/citations';
import { DetectionCitation } from '../../../../constructs/detection/private/citations';
import { ResponseCitation } from '../../../../constructs/response/private/citations';
import { fail, type Problem, type TemplateRule, unverified } from '../../template/rule';
import { isSpecial } from '../../template/template-set';

/** Every CloudWatch alarm has its actions enabled and at least one alarm action (e.g. an SNS topic). */
export const AlarmHasActions: TemplateRule = {
  id: 'AlarmHasActions',
  citations: [
    ResponseCitation.INCIDENT_PROCEDURES,
    ResponseCitation.RESPONSE_AND_REPORTING,
    Citation.ACTIVITY_REVIEW,
    DetectionCitation.LOGIN_MONITORING,
  ],
  severity: 'error',
  resourceTypes: ['AWS::CloudWatch::Alarm'],
  rationale:
    'An alarm that notifies no one only changes state in the console: a security event it detects is neither reported nor responded to.',
  fix: 'Give the alarm an action (SecurityAlarms and the toolkit alarms notify their SNS topic) and leave ActionsEnabled at its default, true.',
  check: (view) => {
    const problems: Problem[] = [];
    const enabled = view.get('ActionsEnabled');
    if (enabled !== undefined && isSpecial(enabled))
      problems.push(unverified('ActionsEnabled', enabled, 'true'));
    else if (enabled === false || enabled === 'false')
      problems.push(
        fail('ActionsEnabled', 'ActionsEnabled must not be false: the alarm would notify no one'),
      );
    const actions = view.get('AlarmActions');
    if (actions !== undefined && isSpecial(actions))
      problems.push(unverified('AlarmActions', actions, 'a list with at least one action'));
    else if (!Array.isArray(actions) || actions.length === 0)
      problems.push(fail('AlarmActions', 'AlarmActions must hold at least one action, got none'));
    return problems;
  },
};
