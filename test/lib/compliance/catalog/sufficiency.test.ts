import { CONSTRUCT_CITATIONS } from '../../../../lib/compliance/catalog/construct-citations';
import { HIPAA_CONTROLS, type HipaaControl } from '../../../../lib/compliance/catalog/controls';
import {
  CITATION_EVIDENCE,
  type CitationFacts,
  judgeCitation,
  type RuleTally,
} from '../../../../lib/compliance/catalog/sufficiency';
import type { Attestation } from '../../../../lib/compliance/report/model';
import { TEMPLATE_RULES } from '../../../../lib/compliance/rules';

const control = (id: string) => HIPAA_CONTROLS.find((c) => c.id === id) as HipaaControl;
const pass: RuleTally = { compliant: 2, nonCompliant: 0, acknowledged: 0 };
const none: RuleTally = { compliant: 0, nonCompliant: 0, acknowledged: 0 };
const NOW = new Date('2026-12-03T12:00:00Z');

function facts(id: string, overrides: Partial<CitationFacts> = {}): CitationFacts {
  return {
    control: control(id),
    counts: pass,
    tally: () => pass,
    templatePackRan: true,
    implementingConstructs: 1,
    attestation: undefined,
    now: NOW,
    ...overrides,
  };
}

const attestation = (citation: string, expires?: string): Attestation => ({
  citation,
  statement: 'The contingency plan was reviewed and approved by the board.',
  owner: 'ciso@example.org',
  evidence: 'https://wiki.example.org/contingency',
  date: '2026-06-01',
  source: 'compliance/attestations.yaml:3',
  ...(expires ? { expires } : {}),
});

describe('the evidence catalog', () => {
  test('names only citations of the Security Rule and registered template rules that cite them', () => {
    const rules = new Map(TEMPLATE_RULES.map((r) => [r.id, r]));
    for (const [citation, evidence] of Object.entries(CITATION_EVIDENCE)) {
      expect(HIPAA_CONTROLS.some((c) => c.id === citation)).toBe(true);
      expect(evidence.sufficient.length).toBeGreaterThan(0);
      for (const id of evidence.sufficient) {
        expect({ citation, id, registered: rules.has(id) }).toEqual({ citation, id, registered: true });
        expect({ citation, id, cites: rules.get(id)?.citations.includes(citation) }).toEqual({
          citation,
          id,
          cites: true,
        });
      }
    }
  });

  test('every citation a toolkit construct implements has sufficient template evidence', () => {
    const implemented = new Set(CONSTRUCT_CITATIONS.flatMap(([, citations]) => citations));
    expect([...implemented].filter((c) => !CITATION_EVIDENCE[c])).toEqual([]);
  });

  test('partial controls name what a person must attest; organizational ones have no template evidence', () => {
    for (const [citation, evidence] of Object.entries(CITATION_EVIDENCE)) {
      const { automation } = control(citation);
      expect({ citation, automation }).not.toEqual({ citation, automation: 'organizational' });
      if (automation === 'automated') expect({ citation, attest: evidence.attest }).toEqual({ citation });
    }
  });
});

describe('judgeCitation', () => {
  test('met only when every sufficient rule evaluated a resource and passed', () => {
    expect(judgeCitation(facts('164.312(a)(2)(iv)'))).toMatchObject({
      status: 'met',
      sufficient: ['TemplateEvidence-KmsKeyRotation', 'TemplateEvidence-S3BucketEncryption'],
      missing: [],
    });
  });

  test('a failing supporting check makes it not met even when the sufficient rules pass', () => {
    const verdict = judgeCitation(
      facts('164.312(a)(2)(iv)', { counts: { compliant: 9, nonCompliant: 1, acknowledged: 0 } }),
    );
    expect(verdict.status).toBe('not-met');
    expect(verdict.reason).toContain('1 unacknowledged failing evaluation');
  });

  test('supporting evidence alone (a cdk-nag mapping) never makes a citation met', () => {
    const verdict = judgeCitation(
      facts('164.308(a)(3)(i)', { counts: { compliant: 40, nonCompliant: 0, acknowledged: 0 } }),
    );
    expect(verdict.status).toBe('attestation-required');
    expect(verdict.sufficient).toEqual([]);
  });

  test('a sufficient rule that evaluated nothing leaves it not evidenced, naming the rule', () => {
    const verdict = judgeCitation(
      facts('164.312(a)(2)(iv)', {
        tally: (id) => (id === 'TemplateEvidence-S3BucketEncryption' ? none : pass),
      }),
    );
    expect(verdict).toMatchObject({
      status: 'not-evidenced',
      missing: ['TemplateEvidence-S3BucketEncryption'],
    });
    expect(verdict.reason).toContain('TemplateEvidence-S3BucketEncryption evaluated no resource');
  });

  test('not applicable only when the pack ran, nothing of the kind exists and no construct implements it', () => {
    const empty = { counts: none, tally: () => undefined, implementingConstructs: 0 };
    expect(judgeCitation(facts('164.310(d)(2)(iv)', empty)).status).toBe('not-applicable');
    expect(judgeCitation(facts('164.310(d)(2)(iv)', { ...empty, templatePackRan: false })).status).toBe(
      'not-evidenced',
    );
    expect(judgeCitation(facts('164.310(d)(2)(iv)', { ...empty, implementingConstructs: 1 })).status).toBe(
      'not-evidenced',
    );
  });

  test('acknowledged evaluations make it met with exceptions', () => {
    const verdict = judgeCitation(
      facts('164.312(a)(2)(iv)', { tally: () => ({ compliant: 1, nonCompliant: 0, acknowledged: 1 }) }),
    );
    expect(verdict.status).toBe('met-with-exceptions');
  });

  test('a partial control needs a current attestation on top of the technical evidence', () => {
    const id = '164.308(a)(7)(ii)(B)';
    const outstanding = judgeCitation(facts(id));
    expect(outstanding.status).toBe('technical-met-attestation-outstanding');
    expect(outstanding.reason).toContain('no attestation yet');
    expect(outstanding.attest).toMatch(/disaster recovery plan/);
    expect(judgeCitation(facts(id, { attestation: attestation(id) })).status).toBe('met');
    const expired = judgeCitation(facts(id, { attestation: attestation(id, '2026-11-30') }));
    expect(expired.status).toBe('technical-met-attestation-outstanding');
    expect(expired.reason).toContain('expired on 2026-11-30');
  });

  test('organizational controls are attested, expired or required', () => {
    const id = '164.308(a)(5)(i)';
    expect(judgeCitation(facts(id)).status).toBe('attestation-required');
    expect(judgeCitation(facts(id, { attestation: attestation(id) })).status).toBe('attested');
    expect(judgeCitation(facts(id, { attestation: attestation(id, '2026-01-01') })).status).toBe(
      'attestation-expired',
    );
  });
});
