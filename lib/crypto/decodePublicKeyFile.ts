import { decodeBase64Bytes } from './byteCodecs.js';
import { isSingleDerSequence } from './isSingleDerSequence.js';
import { WrapError, WrapErrorReason } from './WrapError.js';

const PEM_BLOCK = /^-----BEGIN ([A-Z0-9 ]+)-----\r?\n([A-Za-z0-9+/=\s]*?)-----END \1-----\s*$/;

/**
 * Turn the content of a wrapping-key file into the base64 DER form {@link wrapMaterial} takes. Accepted:
 * raw DER SubjectPublicKeyInfo; base64 text of it (one line, or wrapped over several lines, as copied from
 * the `public_key` field); or PEM `-----BEGIN PUBLIC KEY-----`. The key itself is checked later, by
 * `parseWrappingKey` inside `wrapMaterial`.
 *
 * @throws {WrapError} `invalid_public_key`
 * @example
 * const publicKey = decodePublicKeyFile(await readFile('wrapping-key.der'));
 */
function decodePublicKeyFile(bytes: Buffer): string {
  // Raw DER is one SEQUENCE whose length header matches the file; no base64 or PEM text has that shape.
  if (isSingleDerSequence(bytes)) return bytes.toString('base64');
  const text = bytes.toString('latin1').trim();
  let body = text;
  if (text.startsWith('-----BEGIN ')) {
    const match = PEM_BLOCK.exec(text);
    if (match?.[1] !== 'PUBLIC KEY') {
      const label = match?.[1] ?? 'malformed';
      throw new WrapError(
        WrapErrorReason.InvalidPublicKey,
        `PEM block is ${label}; expected one -----BEGIN PUBLIC KEY----- (SubjectPublicKeyInfo)`,
      );
    }
    body = match[2] ?? '';
  }
  const der = decodeBase64Bytes(Buffer.from(body.replace(/\s+/g, ''), 'latin1'));
  if (der === undefined) {
    throw new WrapError(
      WrapErrorReason.InvalidPublicKey,
      `public key file (${bytes.length} bytes) is neither DER, PEM nor base64 text`,
    );
  }
  if (!isSingleDerSequence(der)) {
    throw new WrapError(
      WrapErrorReason.InvalidPublicKey,
      `public key file (${bytes.length} bytes) holds base64 text that is not one DER structure`,
    );
  }
  return der.toString('base64');
}

export { decodePublicKeyFile };
