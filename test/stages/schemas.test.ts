import { safeParse } from 'valibot';
import { describe, expect, it } from 'vitest';
import { ImportMaterialEvent } from '../../lib/stages/schemas.js';

const KEY_ID = '5f1e9d2c-0a3b-4c7d-9e8f-1a2b3c4d5e6f';
const base64 = (chars: number): string => 'A'.repeat(chars);

describe('Schema: import-material event', () => {
  it.each([
    ['RSA-2048', 344, true],
    ['RSA-3072', 512, true],
    ['RSA-4096', 684, true],
    ['shorter than one RSA-2048 block', 343, false],
    ['longer than one RSA-4096 block', 685, false],
  ])('wrapped material of one %s block (%i characters): %s', (_what, chars, accepted) => {
    const event = { key_id: KEY_ID, import_token: base64(300), encrypted_key_material: base64(chars), expiration_time: null, fingerprint: `fp1-${'0'.repeat(32)}` };
    expect(safeParse(ImportMaterialEvent, event).success).toBe(accepted);
  });

  it.each([
    [8192, true],
    [8193, false],
  ])('an import token of %i characters: %s (AWS allows 6,144 bytes)', (chars, accepted) => {
    const event = { key_id: KEY_ID, import_token: base64(chars), encrypted_key_material: base64(344), expiration_time: null, fingerprint: `fp1-${'0'.repeat(32)}` };
    expect(safeParse(ImportMaterialEvent, event).success).toBe(accepted);
  });
});
