import {
  PROPOSED_REQUIREMENTS,
  PROPOSED_RULE_NOTICE,
  PROPOSED_RULE_SOURCE,
  type ProposedRequirementId,
} from '../catalog/proposed-rule';
import type { Attestation, RuleSummary } from '../report/model';
import type { TemplateSet } from '../template/template-set';
import type { AssetInventory, ProposedRuleReadiness } from './inventory-model';
import { UNASSIGNED_OWNER } from './inventory-model';
import {
  scoreBackupSeparation,
  scorePatchDeadlines,
  scoreRestoreTesting,
  scoreScanCadence,
  userPoolsWithoutMfa,
  type Verdict,
} from './readiness-template-checks';

/** What the readiness scorers read. */
export interface ReadinessInput {
  readonly set: TemplateSet;
  readonly inventory: AssetInventory;
  /** The report's rule summaries (for the MFA rule's results). */
  readonly rules: readonly RuleSummary[];
  readonly attestations: readonly Attestation[];
  /** `<control> (<scope>)` of the organization-wide controls the app applies. */
  readonly orgWideControls: readonly string[];
  readonly now: Date;
}

/** The template evidence rule that proves MFA enforcement on every IAM group and user. */
const MFA_RULE = 'TemplateEvidence-IamMfaEnforcementAttached';
/** The current citation whose attestation is the yearly compliance evaluation. */
const EVALUATION_CITATION = '164.308(a)(8)';
const YEAR_MS = 365 * 86_400_000;

/** The latest attestation dated within the last 12 months that `matches`, if any. */
function recentAttestation(input: ReadinessInput, matches: (a: Attestation) => boolean) {
  return input.attestations
    .filter((a) => matches(a) && input.now.getTime() - new Date(`${a.date}T00:00:00Z`).getTime() <= YEAR_MS)
    .sort((a, b) => b.date.localeCompare(a.date))[0];
}

const label = (a: { constructPath: string; logicalId: string }) => a.constructPath || a.logicalId;

const phiStores = (input: ReadinessInput) =>
  input.inventory.assets.filter((a) => a.category === 'data-store' && a.classification === 'PHI');

/** One scorer per proposed requirement: the type makes a requirement without one a compile error. */
const SCORERS: Readonly<Record<ProposedRequirementId, (input: ReadinessInput) => Verdict>> = {
  'asset-inventory-and-network-map': ({ inventory }) => {
    const phi = inventory.assets.filter((a) => a.classification === 'PHI');
    if (phi.length === 0) {
      return {
        status: 'not-ready',
        reason: 'No asset is tagged DataClassification=PHI: the inventory cannot say which assets hold ePHI.',
      };
    }
    const unowned = phi.filter((a) => a.owner === UNASSIGNED_OWNER);
    const mapped = inventory.network.nodes.length;
    const base = `${inventory.assets.length} assets (${phi.length} PHI) and a network map of ${mapped} nodes are generated at every synth; a person must still review them every 12 months.`;
    return unowned.length > 0
      ? { status: 'partial', reason: `${base} ${unowned.length} PHI assets have no Owner tag.` }
      : { status: 'ready', reason: base };
  },
  'restore-within-72-hours': ({ set, inventory }) => scoreRestoreTesting(set, inventory.assets),
  'backup-separation': ({ set }) => scoreBackupSeparation(set),
  'patch-deadlines': ({ set }) => scorePatchDeadlines(set),
  'vulnerability-scan-cadence': ({ set, orgWideControls }) => scoreScanCadence(set, orgWideControls),
  'mfa-everywhere': (input) => {
    const rule = input.rules.find((r) => r.id === MFA_RULE);
    const { pools, withoutMfa } = userPoolsWithoutMfa(input.set);
    if ((rule?.nonCompliant ?? 0) > 0 || withoutMfa.length > 0) {
      return {
        status: 'not-ready',
        reason: `${rule?.nonCompliant ?? 0} IAM groups or users without MfaEnforcement; user pools without required MFA: ${withoutMfa.join(', ') || 'none'}.`,
      };
    }
    const iam = (rule?.compliant ?? 0) + (rule?.acknowledged ?? 0);
    if (iam === 0 && pools === 0) {
      return {
        status: 'partial',
        reason:
          'No IAM group, user or Cognito user pool to evidence MFA on; attest MFA at your identity provider.',
      };
    }
    return {
      status: 'ready',
      reason: `MfaEnforcement on ${iam} IAM groups or users; ${pools} Cognito user pool(s) require MFA. Console sign-in through an identity provider is attested separately.`,
    };
  },
  'encryption-at-rest': ({ inventory }) => {
    const stores = inventory.assets.filter((a) => a.category === 'data-store');
    const unencrypted = stores.filter((a) => a.encryption === 'none' || a.encryption === 'unverified');
    if (unencrypted.length > 0) {
      return {
        status: 'not-ready',
        reason: `${unencrypted.length} data stores are not encrypted at rest or cannot be shown to be: ${unencrypted.map(label).join(', ')}.`,
      };
    }
    const phiServiceKeys = stores.filter((a) => a.classification === 'PHI' && a.encryption !== 'kms');
    return phiServiceKeys.length > 0
      ? {
          status: 'partial',
          reason: `Every store is encrypted; ${phiServiceKeys.length} PHI-tagged stores use a service-managed key rather than a KMS key (e.g. S3 server access log buckets, which log delivery requires SSE-S3 for): ${phiServiceKeys.map(label).join(', ')}.`,
        }
      : {
          status: 'ready',
          reason: `All ${stores.length} data stores are encrypted at rest; every PHI store with a KMS key.`,
        };
  },
  'network-segmentation': (input) => {
    const vpcs = input.inventory.network.nodes.filter((n) => n.kind === 'vpc');
    if (vpcs.length === 0)
      return { status: 'not-ready', reason: 'No VPC in the app: nothing segments the network.' };
    const placed = phiStores(input).filter((a) => a.subnetTiers.length > 0);
    const exposed = placed.filter((a) => a.subnetTiers.includes('public'));
    const routed = placed.filter((a) => a.subnetTiers.includes('private'));
    if (exposed.length > 0) {
      return {
        status: 'not-ready',
        reason: `${exposed.length} PHI data stores are placed in public subnets: ${exposed.map(label).join(', ')}.`,
      };
    }
    if (routed.length > 0) {
      return {
        status: 'partial',
        reason: `${routed.length} PHI data stores are in private subnets with a NAT route; isolated subnets (no internet route) are expected.`,
      };
    }
    if (placed.length === 0) {
      return {
        status: 'partial',
        reason: `${vpcs.length} VPC(s), but no PHI data store is placed in one: segmentation rests on endpoints and resource policies.`,
      };
    }
    return {
      status: 'ready',
      reason: `All ${placed.length} VPC-placed PHI data stores are in isolated subnets (no internet or NAT route).`,
    };
  },
  'annual-compliance-audit': (input) => {
    const audit = recentAttestation(
      input,
      (a) => a.citation === EVALUATION_CITATION || /compliance audit/i.test(`${a.statement} ${a.evidence}`),
    );
    return audit
      ? { status: 'ready', reason: `Attested by ${audit.owner} on ${audit.date}: ${audit.statement}` }
      : {
          status: 'partial',
          reason: `This report is technical evidence at every synth; no attestation of a compliance audit (${EVALUATION_CITATION}) within 12 months.`,
        };
  },
  'penetration-test': (input) => {
    const test = recentAttestation(input, (a) =>
      /penetration test|pen[- ]?test/i.test(`${a.statement} ${a.evidence}`),
    );
    return test
      ? { status: 'ready', reason: `Attested by ${test.owner} on ${test.date}: ${test.statement}` }
      : {
          status: 'not-ready',
          reason:
            'No attestation mentioning a penetration test within 12 months; infrastructure cannot show one.',
        };
  },
};

/**
 * Scores each proposed requirement of {@link PROPOSED_REQUIREMENTS} as ready, partial or not ready. The
 * result is a section of its own: it never feeds a current citation's status.
 */
export function scoreProposedRule(input: ReadinessInput): ProposedRuleReadiness {
  return {
    notice: PROPOSED_RULE_NOTICE,
    source: PROPOSED_RULE_SOURCE,
    requirements: PROPOSED_REQUIREMENTS.map((r) => ({ ...r, ...SCORERS[r.id](input) })),
  };
}
