import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprint } from '../../lib/crypto/fingerprint.js';
import { leaks } from '../crypto/fixtures.js';
import { byokInProcess, embeddedEnv } from '../helpers/cli.js';
import type { CliOutcome } from '../helpers/cli.js';
import { startStageEnv } from '../helpers/stageEnv.js';
import { BYOK, runByok } from './cliRun.js';

/** The commands a key's life needs, against one embedded-cloud data file on a virtual clock. */
describe('Commands: secret, onboard, status, describe, params/wrap/import, rotate, recover, offboard', () => {
  let dir: string;
  let dataFile: string;
  const material = randomBytes(32);
  const byok = (...args: string[]): Promise<CliOutcome> => byokInProcess(args, embeddedEnv(dataFile, 'virtual'));
  const json = (run: CliOutcome): any => JSON.parse(run.stdout);
  const keyOf = async (alias: string): Promise<string> => json(await byok('describe', alias, '--json'))['key_id'];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'byok-commands-'));
    dataFile = join(dir, 'emulator.db');
    writeFileSync(join(dir, 'material.bin'), material);
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('secret put stores material from a file or generated, printing only its fingerprint', async () => {
    // Act
    const fromFile = await byok('secret', 'put', '--name', 'pay-key', '--material', join(dir, 'material.bin'), '--json');
    const generated = await byok('secret', 'put', '--name', 'gen-key', '--generate');
    const versions = await byok('secret', 'versions', 'pay-key', '--json');

    // Assess
    expect(fromFile.code).toBe(0);
    expect(json(fromFile)).toMatchObject({ secret: 'pay-key', version: 'v1', fingerprint: fingerprint(material), generated: false });
    expect(leaks(fromFile.stdout + fromFile.stderr, material)).toBe(false);
    expect(generated.stdout).toMatch(/^stored secret gen-key version v1 \(fp1-[0-9a-f]{32}\); embedded cloud/);
    expect(json(versions)).toMatchObject({ secret: 'pay-key', versions: [{ version: 'v1', stages: ['SYSCURRENT'] }] });
  });

  it('onboard, then status lists the key with its fingerprint and last import, plain when piped', async () => {
    // Act
    const onboard = await byok('onboard', '--alias', 'pay', '--secret', 'pay-key', '--ttl', '30d');
    await byok('onboard', '--alias', 'gen', '--secret', 'gen-key', '--ttl', '12d');
    const status = await byok('status');
    const statusJson = json(await byok('status', '--json'));

    // Assess
    expect(onboard.code).toBe(0);
    expect(status.code).toBe(0);
    expect(status.stdout).not.toContain('\u001b[');
    expect(status.stdout.split('\n')[0]).toMatch(/^ALIAS\s+KEY ID\s+STATE\s+EXPIRES\s+DAYS\s+LAST IMPORT\s+NEXT\s+FINGERPRINT$/);
    expect(status.stdout).toContain('2 managed keys, 0 in Pending import');
    const pay = statusJson.keys.find((k: any) => k.alias === 'pay');
    expect(pay).toMatchObject({ state: 'Enabled', days_left: 30, action: 'skip', fingerprint: fingerprint(material) });
    expect(Date.parse(pay.expires_at) - Date.parse(pay.last_import)).toBe(30 * 86_400_000);
  });

  it('status sorts by urgency and colours a terminal (red Pending import, yellow due); exit 1 while a key is in Pending import', async () => {
    // Prepare: 20 days later gen (12d) has expired, pay (30d) is due.
    expect((await byok('emulator', 'clock', '+20d')).code).toBe(0);

    // Act: on a pseudo-terminal (script), and piped
    const tty = spawnSync('script', ['-qec', `node ${BYOK} status`, '/dev/null'], {
      env: { ...process.env, ...embeddedEnv(dataFile, 'virtual'), HUAWEICLOUD_SDK_AK: '', HUAWEICLOUD_SDK_SK: '', NO_COLOR: '', FORCE_COLOR: '', TERM: 'xterm' },
      encoding: 'utf8',
    }).stdout.replaceAll('\r', '');
    const piped = await byok('status', '--json');

    // Assess
    const keys = json(piped).keys;
    expect(keys.map((k: any) => [k.alias, k.state, k.action])).toEqual([
      ['gen', 'PendingImport', 'recover'],
      ['pay', 'Enabled', 'renew'],
    ]);
    expect(piped.code).toBe(1);
    expect(tty).toContain('\u001b[31mPendingImport\u001b[39m');
    expect(tty).toMatch(/\u001b\[33mrenew: expires in 10d/);
  });

  it('recover brings every managed key in Pending import back; describe shows its history', async () => {
    // Act
    const recover = await byok('recover', '--json');
    const described = json(await byok('describe', 'gen', '--json'));

    // Assess
    expect(recover.code).toBe(0);
    expect(json(recover).keys).toEqual([expect.objectContaining({ alias: 'gen', outcome: 'recovered' })]);
    expect(described).toMatchObject({ state: 'Enabled', aliases: ['gen'], tags: { 'byok:alias': 'gen', 'byok:ttl': '12d' } });
    const states = described.history.map((h: any) => h.state);
    expect(states[0]).toBe('5');
    expect(states.slice(-2)).toEqual(['5', '2']);
  });

  it('params writes the wrapping key (DER, PEM) and token with mode 0600; wrap and import finish by hand', async () => {
    // Act
    const keyId = await keyOf('pay');
    const params = await byok('params', '--key', 'pay', '--out', join(dir, 'params'), '--json');
    const files = json(params).files;
    const wrapped = await runByok(['wrap', '--public-key', files.wrapping_key_pem, '--material', join(dir, 'material.bin')]);
    writeFileSync(join(dir, 'wrapped.b64'), wrapped.stdout);
    const imported = await byok('import', '--key', keyId, '--token', files.import_token, '--material-wrapped', join(dir, 'wrapped.b64'), '--json');

    // Assess
    expect(params.code).toBe(0);
    for (const file of Object.values(files) as string[]) expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(files.wrapping_key_pem, 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(params.stdout).not.toContain(readFileSync(files.import_token, 'utf8').trim());
    expect(wrapped.code).toBe(0);
    expect(imported.code).toBe(0);
    expect(json(imported)).toMatchObject({ key_id: keyId, state: 'Enabled', ttl: '30d' });
  });

  it('rotate moves the alias to a key for the new version; offboard refuses without --yes when piped, then untags', async () => {
    // Prepare
    const oldKey = await keyOf('pay');
    await byok('secret', 'put', '--name', 'pay-key', '--generate');

    // Act
    const rotate = await byok('rotate', '--alias', 'pay', '--json');
    const refused = await runByok(['offboard', '--key', oldKey], { env: embeddedEnv(dataFile, 'virtual') });
    const offboard = await byok('offboard', '--key', oldKey, '--schedule-deletion', '7d', '--yes', '--json');
    const status = json(await byok('status', '--json'));

    // Assess
    expect(json(rotate).aliases).toEqual([expect.objectContaining({ alias: 'pay', old_key_id: oldKey, version: 'v2', outcome: 'rotated' })]);
    expect(await keyOf('pay')).not.toBe(oldKey);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe('byok offboard: refusing to offboard without --yes when not on a terminal to ask\n');
    expect(json(offboard)).toMatchObject({ key_id: oldKey, deletion_in_days: 7 });
    expect(status.keys.map((k: any) => k.key_id)).not.toContain(oldKey);
  });

  it('lists external keys in Pending import without byok: tags as orphans, and never prints control characters from tags', async () => {
    // Prepare: a hand-made external key, and a hand-set byok:alias with an escape sequence and a bidi override.
    const env = await startStageEnv({ emulator: { clock: 'virtual', dataFile } });
    let orphanId: string;
    try {
      orphanId = (await env.keys.createExternalKey({ name: 'by-hand', keySpec: 'AES_256' })).keyId;
      const genKey = (await env.keys.resolveAlias('gen'))!;
      await env.keys.putKeyTags(genKey, [{ key: 'byok:alias', value: 'gen\u202Eexe.\u009b' }]);
    } finally {
      await env.close();
    }

    // Act
    const status = await byok('status');
    const asJson = json(await byok('status', '--json'));

    // Assess
    expect(asJson.orphans).toEqual([expect.objectContaining({ key_id: orphanId, name: 'by-hand' })]);
    expect(status.stdout).toContain('1 orphan: external key in Pending import with no byok: tag (tag it byok:secret=<CSMS secret>');
    expect(status.stdout).toContain('genexe.');
    expect(status.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
  });
});
