import type { ComplianceReport, EvaluationRow } from '../../compliance/report/model';
import { type Attribution, AttributionIndex } from '../attribution';
import type { Observation } from '../observations';

/** Stacks that CDK itself deploys into every account it bootstraps; their resources are not drift. */
export const TOOLKIT_STACKS: ReadonlySet<string> = new Set(['CDKToolkit']);

/** How an observed resource relates to the synthesized app. */
export type Origin =
  | { readonly kind: 'app'; readonly constructPath: string }
  | { readonly kind: 'outside-app'; readonly reason: string }
  | { readonly kind: 'unknown' }
  /** Account-level results, and resources of CDK's own bootstrap stack. */
  | { readonly kind: 'ignored' };

/** Looks up observed resources in the synthesized app by the stack and logical id that deployed them. */
export class AppResources {
  private readonly paths = new Map<string, string>();
  private readonly stacks: Set<string>;
  /** Intended evaluation rows by construct path. */
  public readonly rowsByPath = new Map<string, EvaluationRow[]>();

  constructor(report: ComplianceReport | undefined) {
    this.stacks = new Set(report?.stacks ?? []);
    if (!report) return;
    const refs = [
      ...report.evaluations.map((e) => e.resource),
      ...report.inventory.dataStores,
      ...report.inventory.logDestinations,
      ...report.inventory.phiTagged,
    ];
    for (const ref of refs) {
      this.paths.set(`${ref.stack}|${ref.logicalId}`, ref.constructPath);
      this.stacks.add(ref.stack);
    }
    for (const row of report.evaluations) {
      const list = this.rowsByPath.get(row.resource.constructPath) ?? [];
      list.push(row);
      this.rowsByPath.set(row.resource.constructPath, list);
    }
  }

  /** Whether an app was given to compare with. */
  public get present(): boolean {
    return this.stacks.size > 0;
  }

  /** The origin of an observed resource, from its own tags or the attribution index. */
  public origin(o: Observation, index: AttributionIndex | undefined): Origin {
    if (o.resourceType.startsWith('AWS::::') || o.resourceType === 'AwsAccount') return { kind: 'ignored' };
    if (!this.present) return { kind: 'unknown' };
    const attribution: Attribution | undefined = o.cfnStack
      ? { stack: o.cfnStack, logicalId: o.cfnLogicalId }
      : index?.get(AttributionIndex.key(o.account, o.region, o.resourceType, o.resourceId), o.resourceId);
    if (!attribution) return { kind: 'unknown' };
    if (!attribution.stack) return { kind: 'outside-app', reason: 'not deployed by CloudFormation' };
    if (this.stacks.has(attribution.stack)) {
      const path = attribution.logicalId
        ? this.paths.get(`${attribution.stack}|${attribution.logicalId}`)
        : undefined;
      return { kind: 'app', constructPath: path ?? `${attribution.stack}/${attribution.logicalId ?? '?'}` };
    }
    if (TOOLKIT_STACKS.has(attribution.stack)) return { kind: 'ignored' };
    return {
      kind: 'outside-app',
      reason: `deployed by stack ${attribution.stack}, which is not part of this app`,
    };
  }
}

/** The construct path given to resources the app does not hold. */
export function awsPath(o: Pick<Observation, 'resourceType' | 'resourceId'>): string {
  return `aws:${o.resourceType}/${o.resourceId}`;
}
