import * as fs from 'node:fs';
import * as path from 'node:path';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Browser } from 'playwright-core';
import { PhiVpc } from '../../../../constructs/network/phi-vpc';
import { launchChromium } from '../../../helpers/chromium';
import { brokenApp, type ReportFixture, synthFixture } from '../../../helpers/report-fixtures';

const HOSTILE_ID = 'Evil<script>window.pwned=1<\\script><img src=x onerror="window.pwned=2">';

let browser: Browser;
let fixture: ReportFixture;

beforeAll(async () => {
  fixture = synthFixture((stack) => {
    brokenApp(stack);
    new s3.Bucket(stack, HOSTILE_ID, { encryption: s3.BucketEncryption.S3_MANAGED });
    // A VPC for the network map, its subnets in every tier.
    new PhiVpc(stack, 'Network', {
      internetEgress: true,
      unfilteredInternetEgress: { reason: 'A unit test VPC whose egress path is not what the test is about' },
    });
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

describe('report.html in headless Chromium', () => {
  test('loads without console errors or external requests and shows the numbers in report.json', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(`file://${path.join(fixture.complianceDir, 'report.html')}`);
    const s = fixture.report.summary;
    const text = async (id: string) => (await page.getByTestId(id).first().textContent())?.trim();
    expect(await text('evaluations')).toBe(String(s.evaluations));
    expect(await text('compliant')).toBe(String(s.compliant));
    expect(await text('non-compliant')).toBe(String(s.nonCompliant));
    expect(await text('acknowledged')).toBe(String(s.acknowledged));
    const citationRows = await page.locator('[data-testid="citations"] > tbody > tr').count();
    expect(citationRows).toBe(fixture.report.citations.length);
    const notMet = await page.locator('[data-testid="citations-summary"] tbody td').nth(3).textContent();
    expect(notMet).toBe(String(s.citations['not-met']));
    expect(errors).toEqual([]);
    expect(requests.filter((url) => !url.startsWith('file://'))).toEqual([]);
    await page.close();
  });

  test('a construct id containing markup renders as text and never runs', async () => {
    const page = await browser.newPage();
    await page.goto(`file://${path.join(fixture.complianceDir, 'report.html')}`);
    expect(await page.evaluate(() => (globalThis as { pwned?: number }).pwned)).toBeUndefined();
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(0);
    const bodyText = (await page.locator('body').textContent()) ?? '';
    expect(bodyText).toContain(`Fixture/${HOSTILE_ID}/Resource`);
    await page.close();
  });

  test('the network map renders as an SVG with a box per map node, without console errors', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`file://${path.join(fixture.complianceDir, 'report.html')}`);
    const svg = page.getByTestId('network-map-svg');
    await expect(svg.isVisible()).resolves.toBe(true);
    const network = fixture.report.assets?.network;
    const vpcs = network?.nodes.filter((n) => n.kind === 'vpc').length ?? 0;
    expect(vpcs).toBe(1);
    expect(await svg.locator('g.map-vpc').count()).toBe(vpcs);
    expect(await svg.locator('g.map-node').count()).toBe((network?.nodes.length ?? 0) - vpcs);
    expect(await svg.locator('g.map-node[data-tier="isolated"]').count()).toBeGreaterThan(0);
    const box = await svg.boundingBox();
    expect(box?.width).toBeGreaterThan(100);
    expect(box?.height).toBeGreaterThan(100);
    expect(await page.getByTestId('proposed-rule').locator('tbody > tr').count()).toBe(
      fixture.report.proposedRule?.requirements.length,
    );
    expect(errors).toEqual([]);
    await page.close();
  });

  test('the page is self-contained: no external stylesheet, script or font', () => {
    const html = fs.readFileSync(path.join(fixture.complianceDir, 'report.html'), 'utf8');
    expect(html).not.toMatch(/<(link|script)\b/i);
    expect(html).not.toMatch(/https?:\/\//);
  });
});
