import { Lazy, Token } from 'aws-cdk-lib';
import {
  availabilityZoneProblem,
  isKnownRegion,
  KNOWN_AWS_REGIONS,
  regionOfAvailabilityZone,
} from '../../../constructs/core/aws-regions';

describe('AWS Regions', () => {
  test('knows the commercial, GovCloud and China Regions', () => {
    for (const region of ['us-east-1', 'eu-west-1', 'ap-southeast-2', 'us-gov-west-1', 'cn-north-1']) {
      expect(KNOWN_AWS_REGIONS).toContain(region);
      expect(isKnownRegion(region)).toBe(true);
    }
  });

  test.each(['us-fake-9', 'US-EAST-1', 'us-east-1a', '', 'useast1'])('rejects %p', (region) => {
    expect(isKnownRegion(region)).toBe(false);
  });

  test('rejects a token', () => {
    expect(isKnownRegion(Token.asString(Lazy.string({ produce: () => 'us-east-1' })))).toBe(false);
  });
});

describe('availability zones', () => {
  test('a zone is <region><letter>', () => {
    expect(regionOfAvailabilityZone('us-east-1b')).toBe('us-east-1');
    expect(regionOfAvailabilityZone('us-gov-west-1a')).toBe('us-gov-west-1');
    expect(regionOfAvailabilityZone('us-fake-9a')).toBeUndefined();
    expect(regionOfAvailabilityZone('us-east-1')).toBeUndefined();
    expect(regionOfAvailabilityZone('us-east-1ab')).toBeUndefined();
    expect(regionOfAvailabilityZone('us-west-2-lax-1a')).toBeUndefined();
    expect(regionOfAvailabilityZone('use1-az1')).toBeUndefined();
  });

  test('availabilityZoneProblem names what is wrong', () => {
    expect(availabilityZoneProblem('us-east-1a', 'us-east-1')).toBeUndefined();
    expect(availabilityZoneProblem('eu-west-1a', 'us-east-1')).toBe('is in eu-west-1, not us-east-1');
    expect(availabilityZoneProblem('mars-1a', 'us-east-1')).toBe(
      'is not <region><letter> of a known AWS Region',
    );
    const agnostic = Token.asString(Lazy.string({ produce: () => 'us-east-1' }));
    expect(availabilityZoneProblem('eu-west-1a', agnostic)).toBeUndefined();
    expect(availabilityZoneProblem(agnostic, 'us-east-1')).toMatch(/unresolved token/);
  });
});
