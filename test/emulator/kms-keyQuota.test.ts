import { afterEach, describe, expect, it } from 'vitest';
import { createCsmsService } from '../../emulator/csms/index.js';
import { createKmsService } from '../../emulator/kms/index.js';
import { startTestEmulator } from '../helpers/emulator.js';
import type { TestEmulator } from '../helpers/emulator.js';
import { expectKmsError, kmsCall, uniqueAlias } from './kms-fixtures.js';

describe('Function: create-key (custom keys per project quota)', () => {
  let emu: TestEmulator | undefined;

  afterEach(async () => {
    await emu?.close();
  });

  async function createKeys(count: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      const res = await kmsCall(emu!, 'create-key', { key_alias: uniqueAlias('quota') });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
  }

  it("refuses the 101st key with KMS.1105 by default (Huawei's quota)", async () => {
    emu = await startTestEmulator();

    await createKeys(100);
    const refused = await kmsCall(emu, 'create-key', { key_alias: uniqueAlias('quota') });

    expectKmsError(refused, 400, 'KMS.1105');
  });

  it('takes another quota as a service option (benchmarks of large fleets)', async () => {
    emu = await startTestEmulator({ services: [() => createKmsService({ customKeysPerProject: 103 }), createCsmsService] });

    await createKeys(103);
    const refused = await kmsCall(emu, 'create-key', { key_alias: uniqueAlias('quota') });

    expectKmsError(refused, 400, 'KMS.1105');
  });
});
