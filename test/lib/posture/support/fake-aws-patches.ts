// The Patch Manager part of the loopback AWS: managed instances with their platform, their missing and
// failed patches (DescribeInstancePatches) and the patch catalog with release dates
// (DescribeAvailablePatches), in the JSON 1.1 shapes of AmazonSSM. Nothing here calls AWS.

/** A missing or failed patch of a fake instance, and what the patch catalog knows of it. */
export interface FakePatch {
  /** KBId: `KB5034441` on Windows, `<name>.<arch>` on Linux. */
  readonly kb: string;
  /** Default: the kb on Windows; Linux titles are `<name>.<arch>:<epoch>:<version>-<release>`. */
  readonly title?: string;
  /** Default `Critical`. */
  readonly severity?: string;
  /** Default `SecurityUpdates`. */
  readonly classification?: string;
  /** Default `MISSING`. */
  readonly state?: 'MISSING' | 'FAILED';
  /** Days since release in the patch catalog; null: the catalog does not list it. */
  readonly releasedDaysAgo?: number | null;
}

/** The platform a fake instance reports (default Windows). */
export type FakePlatform = 'Windows' | 'AmazonLinux2' | 'Ubuntu';

/** What the patch operations need of a fake instance. */
export interface FakePatchedInstance {
  readonly id: string;
  readonly platform?: FakePlatform;
  readonly patches?: readonly FakePatch[];
}

const DAY_S = 24 * 3600;
const LINUX_PACKAGE = /^(.+)\.([^.:]+):(\d+):(.+)-([^-]+)$/;
const PLATFORMS: Record<
  FakePlatform,
  { PlatformType: string; PlatformName: string; PlatformVersion: string }
> = {
  Windows: {
    PlatformType: 'Windows',
    PlatformName: 'Microsoft Windows Server 2022 Datacenter',
    PlatformVersion: '10.0.20348',
  },
  AmazonLinux2: { PlatformType: 'Linux', PlatformName: 'Amazon Linux', PlatformVersion: '2' },
  Ubuntu: { PlatformType: 'Linux', PlatformName: 'Ubuntu', PlatformVersion: '22.04' },
};

/** The platform fields of DescribeInstanceInformation. */
export function platformInfo(instance: FakePatchedInstance) {
  return PLATFORMS[instance.platform ?? 'Windows'];
}

/** Counts DescribeInstancePatchStates derives from the patch list (critical, other security, failed). */
export function patchCounts(instance: FakePatchedInstance) {
  const patches = instance.patches ?? [];
  const critical = patches.filter((p) => (p.severity ?? 'Critical') === 'Critical').length;
  return {
    critical,
    security: patches.length - critical,
    failed: patches.filter((p) => p.state === 'FAILED').length,
  };
}

interface Filter {
  readonly Key?: string;
  readonly Values?: readonly string[];
}

const valuesOf = (body: Record<string, unknown>, key: string) =>
  ((body.Filters as Filter[] | undefined) ?? []).find((f) => f.Key === key)?.Values;

function paged<T>(items: readonly T[], body: Record<string, unknown>, size: number) {
  const start = Number(body.NextToken ?? 0);
  const limit = Number(body.MaxResults) > 0 ? Math.min(size, Number(body.MaxResults)) : size;
  const end = Math.min(items.length, start + limit);
  return { list: items.slice(start, end), next: end < items.length ? String(end) : undefined };
}

const titleOf = (p: FakePatch) => p.title ?? p.kb;

/** DescribeInstancePatches: the instance's patches in the requested states, `pageSize` a page. */
export function describeInstancePatches(
  instances: readonly FakePatchedInstance[],
  body: Record<string, unknown>,
  pageSize: number,
) {
  const instance = instances.find((i) => i.id === body.InstanceId);
  const states = valuesOf(body, 'State')?.map((s) => s.toUpperCase());
  const patches = (instance?.patches ?? [])
    .map((p) => ({
      Title: titleOf(p),
      KBId: p.kb,
      Classification: p.classification ?? 'SecurityUpdates',
      Severity: p.severity ?? 'Critical',
      State: p.state ?? 'MISSING',
      InstalledTime: 0,
    }))
    .filter((p) => !states || states.includes(p.State));
  const p = paged(patches, body, pageSize);
  return { Patches: p.list, NextToken: p.next };
}

/**
 * DescribeAvailablePatches: Windows patches by PATCH_ID, Linux patches by PRODUCT (required, as the real
 * API requires it) and NAME/VERSION/RELEASE. Returns undefined for a Linux request without PRODUCT.
 */
export function describeAvailablePatches(
  instances: readonly FakePatchedInstance[],
  body: Record<string, unknown>,
  pageSize: number,
) {
  const nowS = Date.now() / 1000;
  const ids = valuesOf(body, 'PATCH_ID');
  const products = valuesOf(body, 'PRODUCT');
  if (!ids && !products) return undefined;
  const seen = new Set<string>();
  const catalog: object[] = [];
  for (const instance of instances) {
    const linux = (instance.platform ?? 'Windows') !== 'Windows';
    for (const patch of instance.patches ?? []) {
      // A PATCH_ID request reads the Windows catalog; a PRODUCT request the Linux one.
      const asked = ids ? !linux : linux;
      if (!asked || patch.releasedDaysAgo === null || seen.has(titleOf(patch))) continue;
      // A minute earlier, so that the collector (whose clock started before this answer) sees whole days.
      const released = nowS - (patch.releasedDaysAgo ?? 1) * DAY_S - 60;
      if (!linux) {
        if (!ids?.includes(patch.kb)) continue;
        seen.add(titleOf(patch));
        catalog.push({ Id: `id-${patch.kb}`, KbNumber: patch.kb, Title: patch.kb, ReleaseDate: released });
        continue;
      }
      const m = LINUX_PACKAGE.exec(titleOf(patch));
      if (!m || instance.platform !== 'AmazonLinux2' || !products?.includes('AmazonLinux2')) continue;
      const [, name, arch, epoch, version, release] = m;
      const wanted = (key: string, value: string) => valuesOf(body, key)?.includes(value) ?? true;
      if (!wanted('NAME', name) || !wanted('VERSION', version) || !wanted('RELEASE', release)) continue;
      seen.add(titleOf(patch));
      catalog.push({
        Name: name,
        Arch: arch,
        Epoch: Number(epoch),
        Version: version,
        Release: release,
        Product: 'AmazonLinux2',
        ReleaseDate: released,
      });
    }
  }
  const p = paged(catalog, body, pageSize);
  return { Patches: p.list, NextToken: p.next };
}
