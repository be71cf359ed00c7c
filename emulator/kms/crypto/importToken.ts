/**
 * Import tokens: 150 bytes, base64 = 200 characters (Huawei's regex `^[0-9a-zA-Z+/=]{200,6144}$`).
 *
 *   version(1) | token id(16) | key id, ASCII(36) | expiry, epoch seconds, uint64 BE(8) | algorithm index(1)
 *   | SHA-256 of the wrapping public key(32) | nonce(24) | HMAC-SHA-256 over all of the above(32)
 *
 * The HMAC key is the emulator's own secret, so a token cannot be forged or altered; the server keeps the
 * token's row (private key, use) under the token id.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { WrappingAlgorithm } from '../constants.js';

const VERSION = 1;
const TOKEN_BYTES = 150;
const SIGNED_BYTES = TOKEN_BYTES - 32;
const ALGORITHMS = [WrappingAlgorithm.RsaOaepSha256, WrappingAlgorithm.RsaOaepSha1, WrappingAlgorithm.RsaPkcs1V15];

interface ImportTokenClaims {
  tokenId: string;
  keyId: string;
  expiresAtSeconds: number;
  wrappingAlgorithm: WrappingAlgorithm;
}

/** Issues a token for `claims`; the token id comes from `claims`, the nonce from the CSPRNG. */
function encodeImportToken(claims: ImportTokenClaims, publicKeyDer: Buffer, secret: Buffer): string {
  const bytes = Buffer.alloc(TOKEN_BYTES);
  bytes.writeUInt8(VERSION, 0);
  Buffer.from(claims.tokenId, 'hex').copy(bytes, 1);
  bytes.write(claims.keyId, 17, 36, 'latin1');
  bytes.writeBigUInt64BE(BigInt(claims.expiresAtSeconds), 53);
  bytes.writeUInt8(ALGORITHMS.indexOf(claims.wrappingAlgorithm), 61);
  createHash('sha256').update(publicKeyDer).digest().copy(bytes, 62);
  randomBytes(24).copy(bytes, 94);
  mac(bytes, secret).copy(bytes, SIGNED_BYTES);
  return bytes.toString('base64');
}

/** The token's claims, or `undefined` when it is not a well-formed token signed by `secret`. */
function decodeImportToken(token: string, secret: Buffer): ImportTokenClaims | undefined {
  const bytes = Buffer.from(token, 'base64');
  if (bytes.length !== TOKEN_BYTES || bytes.readUInt8(0) !== VERSION) return undefined;
  if (!timingSafeEqual(mac(bytes, secret), bytes.subarray(SIGNED_BYTES))) return undefined;
  const wrappingAlgorithm = ALGORITHMS[bytes.readUInt8(61)];
  if (!wrappingAlgorithm) return undefined;
  return {
    tokenId: bytes.subarray(1, 17).toString('hex'),
    keyId: bytes.subarray(17, 53).toString('latin1'),
    expiresAtSeconds: Number(bytes.readBigUInt64BE(53)),
    wrappingAlgorithm,
  };
}

function mac(bytes: Buffer, secret: Buffer): Buffer {
  return createHmac('sha256', secret).update(bytes.subarray(0, SIGNED_BYTES)).digest();
}

export { decodeImportToken, encodeImportToken };
export type { ImportTokenClaims };
