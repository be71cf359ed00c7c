/**
 * The sweep streams the fleet: pages of the tag query are acted on before the next is read, keys in Pending import
 * are recovered before any renewal wherever they are in the query, and the answer keeps a bounded set of rows while
 * the summary counts every key. Pages are made small (2 keys) by re-paging the real KeyService's query.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TaggedKey } from '../../lib/domain/KeyInfo.js';
import type { KeyService } from '../../lib/ports/index.js';
import { RenewalStep } from '../../lib/renewal/constants.js';
import { startRenewalEnv } from './renewalEnv.js';
import type { RenewalEnv } from './renewalEnv.js';

/** `keys` with its tag query answered `size` keys per page; `onPage` hears each page being read. */
function pagedBy(keys: KeyService, size: number, onPage: (index: number) => void = () => {}): KeyService {
  return new Proxy(keys, {
    get(target, property) {
      if (property === 'keysByTags') {
        return async function* repaged(filter: Parameters<KeyService['keysByTags']>[0]): AsyncGenerator<TaggedKey[]> {
          let index = 0;
          for await (const page of target.keysByTags(filter)) {
            for (let i = 0; i < page.length; i += size) {
              onPage(index++);
              yield page.slice(i, i + size);
            }
          }
        };
      }
      const value: unknown = Reflect.get(target, property);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

describe('Function: runSweep (streaming the fleet page by page)', () => {
  let env: RenewalEnv;
  let ids: string[];

  beforeEach(async () => {
    env = await startRenewalEnv();
    ids = [];
    for (let i = 0; i < 5; i++) ids.push((await env.onboard('3d')).keyId);
    await env.advanceDays(2.5);
  });
  afterEach(async () => {
    await env.close();
  });

  it('recovers a key in Pending import before any renewal, even when it is on the last page', async () => {
    // Prepare: the last key of the query lost its material
    await env.keys.deleteImportedKeyMaterial(ids[4]!);
    const started: string[] = [];
    const beforeStep = (step: string, keyId: string): void => {
      if (step === RenewalStep.FetchParameters && !started.includes(keyId)) started.push(keyId);
    };

    // Act
    const { summary } = await env.sweep({ concurrency: 1 }, { targets: [{ ...env.target(), keys: pagedBy(env.keys, 2) }], beforeStep });

    // Assess
    expect(summary).toMatchObject({ scanned: 5, due: 5, recovered: 1, renewed: 4, failed: 0, pending_import: 0, scan_complete: true });
    expect(started[0]).toBe(ids[4]);
    expect(started).toHaveLength(5);
    expect(env.lines('renewal.key').filter((l) => l['key_id'] === ids[4])).toHaveLength(1);
  });

  it('starts the keys of a page before it reads the next one', async () => {
    // Prepare
    const events: string[] = [];
    const keys = pagedBy(env.keys, 2, (index) => events.push(`page ${index}`));
    const beforeStep = (step: string, keyId: string): void => {
      if (step === RenewalStep.ImportMaterial) events.push(`import ${ids.indexOf(keyId)}`);
    };

    // Act
    const { summary } = await env.sweep({ concurrency: 1, lock: false }, { targets: [{ ...env.target(), keys }], beforeStep });

    // Assess: the recovery pass reads pages 0-2; with one key at a time, the renewal pass has imported key 0 (of
    // page 0) before it reads page 1, and key 2 (of page 1) before page 2
    expect(summary).toMatchObject({ renewed: 5, failed: 0 });
    const renewal = events.slice(3);
    expect(renewal.indexOf('import 0')).toBeLessThan(renewal.indexOf('page 1'));
    expect(renewal.indexOf('import 2')).toBeLessThan(renewal.indexOf('page 2'));
  });

  it('keeps the rows its policy asks for, up to the cap, and says how many it left out; the summary counts every key', async () => {
    // Act
    const result = await env.sweep({ dry_run: true }, { rows: { keep: () => true, max: 2 } });

    // Assess
    expect(result.summary).toMatchObject({ scanned: 5, due: 5, dry_run: true });
    expect(result.keys).toHaveLength(2);
    expect(result.keys_left_out).toBe(3);
    expect(env.lines('renewal.key')).toHaveLength(5);
  });
});
