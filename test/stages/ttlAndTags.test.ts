import { describe, expect, it } from 'vitest';
import { TagError, managedKeyTags, parseManagedTags } from '../../lib/tags.js';
import { TtlError, expiryFor, parseTtl } from '../../lib/ttl.js';

describe('Function: parseTtl', () => {
  it.each([
    ['30d', 30 * 86_400],
    ['1h', 3_600],
    ['24h', 86_400],
    ['3650d', 3_650 * 86_400],
  ])('accepts %s', (text, seconds) => {
    expect(parseTtl(text)).toEqual({ text, seconds });
  });

  it('accepts never as no expiry', () => {
    expect(parseTtl('never')).toEqual({ text: 'never', seconds: null });
    expect(expiryFor(parseTtl('never'), new Date(0))).toBeUndefined();
  });

  it.each(['0d', '0h', '3651d', '030d', '30', 'd', '45m', '1.5d', ' 30d', 'NEVER', '', '87601h'])('rejects %j', (text) => {
    expect(() => parseTtl(text)).toThrow(TtlError);
  });

  it('computes the expiry from the given clock', () => {
    expect(expiryFor(parseTtl('2d'), new Date('2030-01-01T00:00:00Z'))?.toISOString()).toBe('2030-01-03T00:00:00.000Z');
  });
});

describe('Function: managedKeyTags / parseManagedTags', () => {
  it('round-trips the managed tags', () => {
    const tags = managedKeyTags({ secretName: 's', versionId: 'v2', ttl: '30d', alias: 'app', fingerprint: 'fp1-00' });
    expect(parseManagedTags(tags)).toEqual({ secretName: 's', versionId: 'v2', ttl: '30d', alias: 'app', fingerprint: 'fp1-00' });
  });

  it('refuses values longer than a KMS tag value', () => {
    expect(() => managedKeyTags({ secretName: 'x'.repeat(44), versionId: 'v1', ttl: '30d', alias: 'a' })).toThrow(
      /byok:secret is longer than 43/,
    );
  });

  it('refuses forbidden characters', () => {
    expect(() => managedKeyTags({ secretName: 'a=b', versionId: 'v1', ttl: '30d', alias: 'a' })).toThrow(TagError);
  });

  it('says which tag is missing', () => {
    expect(() => parseManagedTags([])).toThrow(/byok:managed=true/);
    expect(() => parseManagedTags([{ key: 'byok:managed', value: 'true' }])).toThrow(/byok:secret/);
  });
});
