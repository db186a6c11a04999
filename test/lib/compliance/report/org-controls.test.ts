import * as fs from 'node:fs';
import * as path from 'node:path';
import { OrganizationSecurity } from '../../../../constructs/organization/organization-security';
import { synthFixture } from '../../../helpers/report-fixtures';

describe('the report shows controls applied organization-wide, and where', () => {
  const fixture = synthFixture((stack) => {
    new OrganizationSecurity(stack, 'Org', { policyTargetIds: ['r-ab12'] });
  });

  test('report.json lists each organization-wide control with its scope and construct', () => {
    expect(fixture.error).toBeUndefined();
    expect(fixture.report.orgWideControls.length).toBeGreaterThan(3);
    expect(fixture.report.orgWideControls).toContainEqual(
      expect.objectContaining({ control: expect.stringMatching(/GuardDuty/), constructPath: 'Fixture/Org' }),
    );
    const cited = fixture.report.citations.filter((c) => c.orgWideControls.length > 0);
    expect(cited.length).toBeGreaterThan(0);
  });

  test('report.md and report.html render them', () => {
    const md = fs.readFileSync(path.join(fixture.complianceDir, 'report.md'), 'utf8');
    expect(md).toMatch(/## Organization-wide controls\n\n\| control \| where \| citations \| applied by \|/);
    const html = fs.readFileSync(path.join(fixture.complianceDir, 'report.html'), 'utf8');
    expect(html).toContain('data-testid="org-controls"');
  });
});
