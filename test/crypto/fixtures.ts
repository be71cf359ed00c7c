/** Keys and helpers shared by the crypto and CLI tests. Keys are generated once per test file, lazily. */
import { spawnSync } from 'node:child_process';
import { constants, generateKeyPairSync, privateDecrypt, type KeyObject } from 'node:crypto';

interface KeyPair {
  publicKey: KeyObject;
  privateKey: KeyObject;
}

const cache = new Map<string, KeyPair>();

function cached(name: string, make: () => KeyPair): KeyPair {
  let pair = cache.get(name);
  if (pair === undefined) {
    pair = make();
    cache.set(name, pair);
  }
  return pair;
}

const rsaKeyPair = (bits: number): KeyPair =>
  cached(`rsa${bits}`, () => generateKeyPairSync('rsa', { modulusLength: bits }));
const ecKeyPair = (curve = 'P-256'): KeyPair =>
  cached(`ec${curve}`, () => generateKeyPairSync('ec', { namedCurve: curve }));
const rsaPssKeyPair = (): KeyPair => cached('rsa-pss', () => generateKeyPairSync('rsa-pss', { modulusLength: 2048 }));
const ed25519KeyPair = (): KeyPair => cached('ed25519', () => generateKeyPairSync('ed25519'));

/** The `public_key` field form: base64 of DER SubjectPublicKeyInfo. */
function spkiBase64(pair: KeyPair): string {
  return pair.publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
}

/** Undo EME-PKCS1-v1_5 (RFC 8017 §7.2.2) by hand: node refuses PKCS#1 v1.5 private decryption (CVE-2023-46809). */
function decryptPkcs1v15(privateKey: KeyObject, ciphertext: Buffer): Buffer {
  const block = privateDecrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, ciphertext);
  if (block[0] !== 0x00 || block[1] !== 0x02) throw new Error('not an EME-PKCS1-v1_5 block');
  const separator = block.indexOf(0x00, 2);
  if (separator < 10) throw new Error('padding string shorter than 8 bytes');
  return block.subarray(separator + 1);
}

/** Every printable form a leak of `material` could take, for "appears nowhere" checks. */
function leakForms(material: Buffer): string[] {
  const hex = material.toString('hex');
  const base64 = material.toString('base64');
  return [hex, hex.toUpperCase(), base64, base64.replace(/=+$/, ''), material.toString('base64url'), hex.slice(0, 16), base64.slice(0, 16)];
}

/** True if `output` contains `material` raw or in any printable form. */
function leaks(output: string | Buffer, material: Buffer): boolean {
  const bytes = Buffer.isBuffer(output) ? output : Buffer.from(output, 'utf8');
  if (bytes.includes(material)) return true;
  const text = bytes.toString('latin1');
  return leakForms(material).some((form) => text.includes(form));
}

/** Whether an `openssl` binary is on PATH (CI installs it; tests that need it skip with this reason). */
const hasOpenssl = spawnSync('openssl', ['version'], { stdio: 'ignore' }).status === 0;

export { decryptPkcs1v15, ecKeyPair, ed25519KeyPair, hasOpenssl, leaks, rsaKeyPair, rsaPssKeyPair, spkiBase64 };
export type { KeyPair };
