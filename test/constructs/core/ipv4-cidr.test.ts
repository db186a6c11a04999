import {
  addressesNeeded,
  cidrContains,
  type Ipv4Cidr,
  ipv4ToString,
  isPrivateIpv4,
  parseIpv4Cidr,
  prefixHolding,
} from '../../../constructs/core/ipv4-cidr';

const parsed = (cidr: string) => parseIpv4Cidr(cidr) as Ipv4Cidr;

describe('parseIpv4Cidr', () => {
  test('parses a canonical block', () => {
    expect(parseIpv4Cidr('10.40.0.0/16')).toEqual({
      address: 10 * 2 ** 24 + 40 * 2 ** 16,
      prefix: 16,
      canonical: '10.40.0.0/16',
      hasHostBits: false,
    });
  });

  test('flags host bits and gives the canonical block, without rounding up into the next one', () => {
    expect(parsed('10.40.7.9/16')).toMatchObject({ canonical: '10.40.0.0/16', hasHostBits: true });
    expect(parsed('192.168.1.255/24')).toMatchObject({ canonical: '192.168.1.0/24', hasHostBits: true });
    expect(parsed('0.0.0.0/0')).toMatchObject({ canonical: '0.0.0.0/0', hasHostBits: false });
  });

  test.each([
    'not-a-cidr',
    '10.0.0.0',
    '10.0.0/16',
    '10.0.0.256/16',
    '010.0.0.0/16',
    '10.0.0.0/016',
    '10.0.0.0/33',
    ' 10.0.0.0/16',
    '10.0.0.0/16 ',
    '10.0.0.0/-1',
  ])('rejects %p', (cidr) => {
    expect(parseIpv4Cidr(cidr)).toBeUndefined();
  });
});

describe('CIDR ranges', () => {
  test('ipv4ToString renders dotted quads', () => {
    expect(ipv4ToString(0)).toBe('0.0.0.0');
    expect(ipv4ToString(2 ** 32 - 1)).toBe('255.255.255.255');
  });

  test('cidrContains and isPrivateIpv4', () => {
    expect(cidrContains(parsed('10.0.0.0/8'), parsed('10.255.0.0/16'))).toBe(true);
    expect(cidrContains(parsed('10.0.0.0/16'), parsed('10.0.0.0/8'))).toBe(false);
    expect(isPrivateIpv4(parsed('172.31.0.0/16'))).toBe(true);
    expect(isPrivateIpv4(parsed('172.32.0.0/16'))).toBe(false);
    expect(isPrivateIpv4(parsed('172.16.0.0/12'))).toBe(true);
    expect(isPrivateIpv4(parsed('172.0.0.0/8'))).toBe(false);
    expect(isPrivateIpv4(parsed('100.64.0.0/16'))).toBe(false);
  });

  test('addressesNeeded aligns each subnet to its size, as CDK allocates', () => {
    expect(addressesNeeded([{ prefix: 24, count: 2 }])).toBe(512);
    // 512 addresses of /24s, then the /22s start on a /22 boundary (1024).
    expect(
      addressesNeeded([
        { prefix: 24, count: 2 },
        { prefix: 22, count: 2 },
      ]),
    ).toBe(3072);
    expect(addressesNeeded([])).toBe(0);
  });

  test('prefixHolding gives the smallest block that fits', () => {
    expect(prefixHolding(3072)).toBe(20);
    expect(prefixHolding(4096)).toBe(20);
    expect(prefixHolding(4097)).toBe(19);
    expect(prefixHolding(0)).toBe(32);
  });
});
