import type { ConformancePackEvaluationResult } from '@aws-sdk/client-config-service';
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { type CitationMap, canonicalConfigRuleName, DEFAULT_CITATION_MAP } from './config-rule-citations';
import {
  BACKUP_PACK,
  CONFIG_PACK,
  type CollectionGap,
  PATCH_PACK,
  SECURITY_HUB_PACK,
  type TargetSummary,
} from './model';
import { PATCH_CHECK, type PatchVerdict, RESTORE_CHECK, type RestoreVerdict } from './recovery-checks';
import { SECURITY_HUB_CONTROL_CONFIG_RULES } from './security-hub-controls';

/** One rule (or control) × resource result as observed in AWS: the unit the report is made of. */
export interface Observation {
  readonly pack: typeof CONFIG_PACK | typeof SECURITY_HUB_PACK | typeof BACKUP_PACK | typeof PATCH_PACK;
  /** The rule name or control id as AWS reports it. */
  readonly ruleId: string;
  /** The canonical Config rule name, or the control id. */
  readonly baseRuleId: string;
  readonly level: 'error' | 'warning';
  readonly status: 'compliant' | 'non-compliant';
  readonly account: string;
  readonly region: string;
  readonly resourceType: string;
  readonly resourceId: string;
  /** The stack and logical id from the resource's `aws:cloudformation:*` tags, when the finding carried them. */
  readonly cfnStack?: string;
  readonly cfnLogicalId?: string;
  /** Why the result is what it is, for checks the collector judges itself (restores, patches). */
  readonly reason?: string;
}

/** A rule or control seen during collection. */
export interface ObservedRule {
  readonly id: string;
  readonly pack: Observation['pack'];
  info: string;
  citations: readonly string[];
  /** Accounts/regions where Config reported the rule NON_COMPLIANT or COMPLIANT as a whole. */
  ruleLevelNonCompliant: number;
  ruleLevelCompliant: number;
}

/** Progress of a collection, for a status line. */
export interface PostureProgress {
  readonly configResults: number;
  readonly findings: number;
  readonly pages: number;
}

type MutableTarget = { -readonly [K in keyof TargetSummary]: TargetSummary[K] } & {
  conformancePacks: string[];
  securityHubStandards: string[];
};

const FAILING_SEVERITIES = new Set(['CRITICAL', 'HIGH', 'MEDIUM']);

/**
 * Aggregates pages as they arrive: each page is reduced to {@link Observation}s and counts and then
 * dropped, so memory follows the size of the report, not the bytes AWS sent.
 */
export class ObservationStore {
  public readonly observations: Observation[] = [];
  public readonly rules = new Map<string, ObservedRule>();
  public readonly gaps: CollectionGap[] = [];
  /** The latest restore per account, Region and resource type. */
  public readonly restores: RestoreVerdict[] = [];
  /** The patch verdict of each managed instance. */
  public readonly patches: PatchVerdict[] = [];
  public skipped = 0;
  public pages = 0;
  private readonly targets = new Map<string, MutableTarget>();
  private readonly findingKeys = new Set<string>();
  private findingCount = 0;
  private configResultCount = 0;
  private sealed = false;

  constructor(
    private readonly citationMap: CitationMap = DEFAULT_CITATION_MAP,
    private readonly onProgress?: (progress: PostureProgress) => void,
  ) {}

  /** The per-target counts, in the order targets were first seen. */
  public targetSummaries(): TargetSummary[] {
    return [...this.targets.values()];
  }

  /** Registers an account and region so it is listed even when nothing could be collected there. */
  public target(account: string, region: string): MutableTarget {
    const key = `${account}/${region}`;
    let target = this.targets.get(key);
    if (!target) {
      target = {
        account,
        region,
        conformancePacks: [],
        configRules: 0,
        configResults: 0,
        securityHubStandards: [],
        securityHubFindings: 0,
      };
      this.targets.set(key, target);
    }
    return target;
  }

  /** Records something that could not be collected. */
  public addGap(gap: CollectionGap): void {
    if (this.sealed) return;
    this.gaps.push(gap);
  }

  /**
   * Stops accepting anything: called when the deadline has passed and the report is being built from
   * what arrived in time, so a straggling response cannot change it afterwards.
   */
  public seal(): void {
    this.sealed = true;
  }

  /** Counts a page; called once per page received. */
  public page(): void {
    this.pages += 1;
    this.onProgress?.(this.progress());
  }

  /** What has been collected so far. */
  public progress(): PostureProgress {
    return { configResults: this.configResultCount, findings: this.findingCount, pages: this.pages };
  }

  /** Records a Config rule's overall compliance in one account and region. */
  public addConfigRuleCompliance(
    account: string,
    region: string,
    ruleName: string,
    compliance?: string,
  ): void {
    if (this.sealed) return;
    this.target(account, region).configRules += 1;
    const rule = this.configRule(ruleName);
    if (compliance === 'NON_COMPLIANT') rule.ruleLevelNonCompliant += 1;
    if (compliance === 'COMPLIANT') rule.ruleLevelCompliant += 1;
  }

  /** Records one per-resource result of a conformance pack. */
  public addConfigResult(account: string, region: string, result: ConformancePackEvaluationResult): void {
    if (this.sealed) return;
    const q = result.EvaluationResultIdentifier?.EvaluationResultQualifier;
    const status =
      result.ComplianceType === 'COMPLIANT'
        ? 'compliant'
        : result.ComplianceType === 'NON_COMPLIANT'
          ? 'non-compliant'
          : undefined;
    if (!q?.ConfigRuleName || !status) {
      this.skipped += 1;
      return;
    }
    const rule = this.configRule(q.ConfigRuleName);
    this.target(account, region).configResults += 1;
    this.configResultCount += 1;
    this.observations.push({
      pack: CONFIG_PACK,
      ruleId: q.ConfigRuleName,
      baseRuleId: rule.id,
      level: 'error',
      status,
      account,
      region,
      resourceType: q.ResourceType ?? 'unknown',
      resourceId: q.ResourceId ?? 'unknown',
    });
  }

  /** Records one active, failed Security Hub finding: one observation per resource and control. */
  public addFinding(finding: AwsSecurityFinding, account: string, region: string): void {
    if (this.sealed) return;
    const controlId =
      finding.Compliance?.SecurityControlId ??
      finding.ProductFields?.ControlId ??
      /security-control\/(.+)$/.exec(finding.GeneratorId ?? '')?.[1];
    if (!controlId) {
      this.skipped += 1;
      return;
    }
    const findingAccount = finding.AwsAccountId ?? account;
    const rule = this.controlRule(controlId, finding);
    this.findingCount += 1;
    for (const resource of finding.Resources ?? []) {
      const findingRegion = resource.Region ?? finding.Region ?? region;
      const resourceId = resource.Id ?? 'unknown';
      const key = `${findingAccount}|${findingRegion}|${controlId}|${resourceId}`;
      if (this.findingKeys.has(key)) continue;
      this.findingKeys.add(key);
      this.target(account, region).securityHubFindings += 1;
      const tags = resource.Tags ?? {};
      this.observations.push({
        pack: SECURITY_HUB_PACK,
        ruleId: controlId,
        baseRuleId: rule.id,
        level: FAILING_SEVERITIES.has(finding.Severity?.Label ?? 'MEDIUM') ? 'error' : 'warning',
        status: 'non-compliant',
        account: findingAccount,
        region: findingRegion,
        resourceType: resource.Type ?? 'unknown',
        resourceId,
        ...(tags['aws:cloudformation:stack-name'] ? { cfnStack: tags['aws:cloudformation:stack-name'] } : {}),
        ...(tags['aws:cloudformation:logical-id']
          ? { cfnLogicalId: tags['aws:cloudformation:logical-id'] }
          : {}),
      });
    }
  }

  /** Records the latest restore of one resource type as an observation of the restore check. */
  public addRestore(verdict: RestoreVerdict): void {
    if (this.sealed) return;
    this.restores.push(verdict);
    this.checkRule(BACKUP_PACK, RESTORE_CHECK);
    this.observations.push({
      pack: BACKUP_PACK,
      ruleId: RESTORE_CHECK.id,
      baseRuleId: RESTORE_CHECK.id,
      level: 'error',
      status: verdict.status,
      account: verdict.account,
      region: verdict.region,
      resourceType: `AWS::Backup::RestoreJob/${verdict.resourceType}`,
      resourceId: verdict.restoreJobId ?? `no-restore-${verdict.resourceType}`,
      reason: verdict.reason,
    });
  }

  /** Records one managed instance's patch verdict as an observation of the patch check. */
  public addPatchState(verdict: PatchVerdict): void {
    if (this.sealed) return;
    this.patches.push(verdict);
    this.checkRule(PATCH_PACK, PATCH_CHECK);
    this.observations.push({
      pack: PATCH_PACK,
      ruleId: PATCH_CHECK.id,
      baseRuleId: PATCH_CHECK.id,
      level: 'error',
      status: verdict.status,
      account: verdict.account,
      region: verdict.region,
      resourceType: 'AWS::SSM::ManagedInstanceInventory',
      resourceId: verdict.instanceId,
      reason: verdict.reason,
    });
  }

  private checkRule(
    pack: typeof BACKUP_PACK | typeof PATCH_PACK,
    check: { readonly id: string; readonly citations: readonly string[]; readonly info: string },
  ): void {
    if (this.rules.has(check.id)) return;
    this.rules.set(check.id, {
      id: check.id,
      pack,
      info: `${check.info} - (Control IDs: ${check.citations.join(', ')}).`,
      citations: [...check.citations],
      ruleLevelNonCompliant: 0,
      ruleLevelCompliant: 0,
    });
  }

  private configRule(observedName: string): ObservedRule {
    const id = canonicalConfigRuleName(observedName);
    let rule = this.rules.get(id);
    if (!rule) {
      const citations = this.citationMap.citationsFor(id);
      rule = {
        id,
        pack: CONFIG_PACK,
        info: `AWS Config rule ${id}${citations.length ? ` - (Control IDs: ${citations.join(', ')})` : ''}.`,
        citations,
        ruleLevelNonCompliant: 0,
        ruleLevelCompliant: 0,
      };
      this.rules.set(id, rule);
    }
    return rule;
  }

  private controlRule(controlId: string, finding: AwsSecurityFinding): ObservedRule {
    let rule = this.rules.get(controlId);
    if (!rule) {
      const configRule = backingConfigRule(controlId, finding);
      const citations = configRule ? this.citationMap.citationsFor(configRule) : [];
      rule = {
        id: controlId,
        pack: SECURITY_HUB_PACK,
        info: `Security Hub control ${controlId}: ${finding.Title ?? ''}${configRule ? ` (AWS Config rule ${configRule})` : ''}${citations.length ? ` - (Control IDs: ${citations.join(', ')})` : ''}.`,
        citations,
        ruleLevelNonCompliant: 0,
        ruleLevelCompliant: 0,
      };
      this.rules.set(controlId, rule);
    }
    return rule;
  }
}

/** The Config rule a control finding names in its product fields, else the verified table's. */
function backingConfigRule(controlId: string, finding: AwsSecurityFinding): string | undefined {
  const fields = finding.ProductFields ?? {};
  for (const [key, value] of Object.entries(fields)) {
    const match = /^RelatedAWSResources:(\d+)\/type$/.exec(key);
    if (match && value === 'AWS::Config::ConfigRule') {
      const name = fields[`RelatedAWSResources:${match[1]}/name`];
      if (name) return canonicalConfigRuleName(name);
    }
  }
  return SECURITY_HUB_CONTROL_CONFIG_RULES[controlId];
}
