import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { HIPAA_CONTROLS } from '../../../../lib/compliance/catalog/controls';
import type { ComplianceReport } from '../../../../lib/compliance/report/model';
import {
  OSCAL_PLAN_FILE,
  renderOscal,
  renderOscalPlan,
} from '../../../../lib/compliance/report/render-oscal';
import { REPORT_FORMATS, writeReport } from '../../../../lib/compliance/report/write-report';

const SCHEMAS = path.join(__dirname, '..', '..', '..', '..', 'lib', 'compliance', 'report', 'schemas');
const AR_SCHEMA = JSON.parse(
  fs.readFileSync(path.join(SCHEMAS, 'v1.0.6_oscal_assessment-results_schema.json'), 'utf8'),
) as { definitions: Record<string, unknown> } & Record<string, unknown>;

const newAjv = () => addFormats(new Ajv({ allErrors: true, strict: false, unicodeRegExp: true }));

/**
 * NIST's published OSCAL 1.0.6 assessment-plan schema is not available offline. The plan's root assembly
 * is therefore written here from the OSCAL 1.0.6 assessment-plan model (required: uuid, metadata,
 * import-ssp, reviewed-controls), and every part of it is validated against the published definitions
 * the assessment-results schema shares with the plan (metadata, import-ssp, reviewed-controls,
 * assessment-subject, task, back-matter: the same metaschema modules). Properties of the plan the
 * renderer does not emit (local-definitions, terms-and-conditions) are not allowed here.
 */
function planValidator(): ValidateFunction {
  const ref = (id: string) => ({ $ref: `#${id}` });
  const schema = {
    ...AR_SCHEMA,
    $id: 'https://cdk-hipaa-baseline.dev/test/oscal-ap-1.0.6-root.json',
    properties: {
      $schema: ref('json-schema-directive'),
      'assessment-plan': {
        type: 'object',
        properties: {
          uuid: { $ref: '#/definitions/UUIDDatatype' },
          metadata: ref('assembly_oscal-metadata_metadata'),
          'import-ssp': ref('assembly_oscal-assessment-common_import-ssp'),
          'reviewed-controls': ref('assembly_oscal-assessment-common_reviewed-controls'),
          'assessment-subjects': {
            type: 'array',
            minItems: 1,
            items: ref('assembly_oscal-assessment-common_assessment-subject'),
          },
          tasks: { type: 'array', minItems: 1, items: ref('assembly_oscal-assessment-common_task') },
          'back-matter': ref('assembly_oscal-metadata_back-matter'),
        },
        required: ['uuid', 'metadata', 'import-ssp', 'reviewed-controls'],
        additionalProperties: false,
      },
    },
    required: ['assessment-plan'],
  };
  return newAjv().compile(schema);
}

const citation = (id: string, status: string) => ({
  id,
  title: `Title of ${id}`,
  status,
  rules: ['TemplateEvidence-LogGroupRetention'],
  counts: { compliant: 1, nonCompliant: 0, acknowledged: 0 },
});

const report = {
  generatedAt: '2026-06-15T12:00:00.000Z',
  tool: { name: 'cdk-hipaa-baseline', version: '0.1.0' },
  stacks: ['Hipaa-reference-Identity', 'Hipaa-reference-DataProtection'],
  packs: [{ name: 'TemplateEvidence', rules: 1 }],
  rules: [
    {
      id: 'TemplateEvidence-LogGroupRetention',
      pack: 'TemplateEvidence',
      info: 'Six years',
      level: 'error',
      citations: ['164.312(b)'],
      compliant: 1,
      nonCompliant: 0,
      acknowledged: 0,
      notApplicable: 0,
    },
  ],
  citations: HIPAA_CONTROLS.map((c, i) => citation(c.id, i % 2 ? 'met' : 'attestation-required')),
} as unknown as ComplianceReport;

type Resource = { uuid: string; rlinks?: { href: string }[]; base64?: { filename: string; value: string } };
const results = renderOscal(report) as {
  'assessment-results': { 'import-ap': { href: string }; 'back-matter'?: { resources: Resource[] } };
};
const plan = renderOscalPlan(report) as {
  'assessment-plan': {
    uuid: string;
    'import-ssp': { href: string };
    'back-matter': { resources: Resource[] };
  };
};

describe('OSCAL assessment results and plan', () => {
  test('the results validate against NIST’s OSCAL 1.0.6 assessment-results schema', () => {
    const validate = newAjv().compile(AR_SCHEMA);
    expect(validate(results) ? [] : validate.errors?.slice(0, 5)).toEqual([]);
  });

  test('the plan validates against the 1.0.6 assessment-plan root built from NIST’s shared definitions', () => {
    const validate = planValidator();
    expect(validate(plan) ? [] : validate.errors?.slice(0, 5)).toEqual([]);
  });

  test('the plan check can fail: a plan without import-ssp or with an unknown property is rejected', () => {
    const validate = planValidator();
    const { 'import-ssp': _dropped, ...rest } = plan['assessment-plan'];
    expect(validate({ 'assessment-plan': rest })).toBe(false);
    expect(validate({ 'assessment-plan': { ...plan['assessment-plan'], 'import-ap': { href: '#x' } } })).toBe(
      false,
    );
    // The shared definitions are applied, not only the root: metadata without a title fails.
    const untitled = JSON.parse(JSON.stringify(plan));
    delete untitled['assessment-plan'].metadata.title;
    expect(validate(untitled)).toBe(false);
    expect(validate.errors?.map((e) => e.instancePath)).toContain('/assessment-plan/metadata');
  });

  test('import-ap resolves: a back-matter resource links the plan file and embeds the same plan', () => {
    const href = results['assessment-results']['import-ap'].href;
    expect(href).toMatch(/^#[0-9a-f-]{36}$/);
    const resource = results['assessment-results']['back-matter']?.resources.find(
      (r) => `#${r.uuid}` === href,
    );
    expect(resource?.rlinks).toEqual([{ href: OSCAL_PLAN_FILE, 'media-type': 'application/oscal.ap+json' }]);
    expect(resource?.base64?.filename).toBe(OSCAL_PLAN_FILE);
    expect(JSON.parse(Buffer.from(resource?.base64?.value ?? '', 'base64').toString('utf8'))).toEqual(plan);
  });

  test('the plan’s import-ssp resolves to its own back-matter (no OSCAL SSP exists)', () => {
    const { href } = plan['assessment-plan']['import-ssp'];
    const uuids = plan['assessment-plan']['back-matter'].resources.map((r) => `#${r.uuid}`);
    expect(uuids).toContain(href);
  });

  test('writeReport writes the plan next to the results, under the name the results link', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oscal-plan-'));
    writeReport(report, dir, ['oscal', 'oscal-plan']);
    expect(REPORT_FORMATS['oscal-plan']).toBe(OSCAL_PLAN_FILE);
    expect(fs.readdirSync(dir).sort()).toEqual(['assessment-plan.json', 'assessment-results.json']);
    expect(JSON.parse(fs.readFileSync(path.join(dir, OSCAL_PLAN_FILE), 'utf8'))).toEqual(plan);
  });

  test('the same report renders the same documents (stable UUIDs)', () => {
    expect(renderOscalPlan(report)).toEqual(plan);
    expect(renderOscal(report)).toEqual(results);
  });
});
