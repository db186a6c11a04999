import { Citation } from '../../../../constructs/core/citations';
import { fail, type TemplateRule } from '../../template/rule';
import { isSpecial, refOf } from '../../template/template-set';

/**
 * Every VPC has a flow log (an `AWS::EC2::FlowLog` whose `ResourceId` refers to it) that records ALL
 * traffic, accepted and rejected, to a destination.
 */
export const VpcFlowLogsAll: TemplateRule = {
  id: 'VpcFlowLogsAll',
  citations: [Citation.AUDIT_CONTROLS, Citation.ACTIVITY_REVIEW],
  severity: 'error',
  resourceTypes: ['AWS::EC2::VPC'],
  rationale:
    'Flow logs are the record of which hosts talked to the systems holding ePHI; a VPC without them, or logging only accepted or only rejected traffic, leaves connections that cannot be reviewed or investigated.',
  fix: 'Use PhiVpc (or add vpc.addFlowLog with trafficType ALL and a log group or bucket destination).',
  check: (view, set) => {
    const flowLogs = set.referrers(view.resource, 'AWS::EC2::FlowLog', 'ResourceId');
    view.note(
      'flowLogs',
      flowLogs.map((f) => ({
        flowLog: `${f.stackName}/${f.logicalId}`,
        TrafficType: f.properties.TrafficType ?? null,
      })),
    );
    const complete = flowLogs.filter(
      (f) =>
        f.properties.TrafficType === 'ALL' &&
        [f.properties.LogGroupName, f.properties.LogDestination, f.properties.DestinationOptions].some(
          (d) => d !== undefined,
        ),
    );
    if (complete.length > 0) return [];
    const undecided = [
      ...flowLogs.map((f) => f.properties.TrafficType),
      // A flow log whose target cannot be resolved may be this VPC's.
      ...set
        .ofType('AWS::EC2::FlowLog')
        .filter((f) => !refOf(f.properties.ResourceId) && isSpecial(f.properties.ResourceId))
        .map((f) => f.properties.ResourceId),
    ].find((v) => v !== undefined && isSpecial(v));
    if (undecided !== undefined)
      return [
        {
          path: 'Properties',
          message: `a flow log with TrafficType ALL must refer to this VPC, but a flow log holds ${String(undecided)}, which cannot be verified at synth`,
          unverified: true,
        },
      ];
    return [
      fail(
        'Properties',
        flowLogs.length === 0
          ? 'no AWS::EC2::FlowLog refers to this VPC'
          : `no flow log of this VPC records ALL traffic to a destination (found ${flowLogs.map((f) => `${f.logicalId}: ${String(f.properties.TrafficType)}`).join(', ')})`,
      ),
    ];
  },
};
