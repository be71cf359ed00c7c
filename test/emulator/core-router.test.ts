import { describe, expect, it } from 'vitest';
import { Router } from '../../emulator/router.js';
import { ApiGroup } from '../../emulator/types.js';
import type { Route } from '../../emulator/types.js';

const route = (method: Route['method'], path: string): Route => ({
  method,
  path,
  group: ApiGroup.KmsTag,
  errorShape: 'kms',
  handler: () => ({ status: 200 }),
});

describe('Class: Router', () => {
  const byKey = route('POST', '/v1.0/{project_id}/kms/{key_id}/action');
  const literal = route('POST', '/v1.0/{project_id}/kms/resource_instances/action');
  const tag = route('DELETE', '/v1.0/{project_id}/kms/{key_id}/tags/{key}');
  const router = new Router([byKey, literal, tag]);

  it('prefers the literal segment whatever the declaration order', () => {
    const match = router.match('POST', '/v1.0/p/kms/resource_instances/action');
    expect(match).toMatchObject({ kind: 'found', route: literal });
  });

  it('fills and percent-decodes parameters', () => {
    const match = router.match('DELETE', '/v1.0/p/kms/k-1/tags/byok%20managed');
    expect(match).toEqual({ kind: 'found', route: tag, params: { project_id: 'p', key_id: 'k-1', key: 'byok managed' } });
  });

  it('tells a wrong method from an unknown path', () => {
    expect(router.match('GET', '/v1.0/p/kms/k-1/action').kind).toBe('wrong-method');
    expect(router.match('POST', '/v1.0/p/kms/k-1/other').kind).toBe('not-found');
    expect(router.match('POST', '/v1.0/p/kms//action').kind).toBe('not-found');
  });

  it('refuses two routes with the same method and template', () => {
    expect(() => new Router([byKey, route('POST', '/v1.0/{project_id}/kms/{id}/action')])).toThrow(/two routes/);
  });
});
