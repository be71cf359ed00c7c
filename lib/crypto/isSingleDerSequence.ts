/**
 * True when `der` is exactly one DER SEQUENCE: node's key parsers ignore trailing bytes, and a key file
 * with garbage after the key is more likely a mistake (two keys pasted together) than intended. @internal
 */
function isSingleDerSequence(der: Uint8Array): boolean {
  if (der.length < 2 || der[0] !== 0x30) return false;
  const first = der[1] ?? 0;
  if (first < 0x80) return der.length === 2 + first;
  const lengthBytes = first & 0x7f;
  // Definite lengths only, and no more than 4 length bytes (a key file is far below 4 GiB).
  if (lengthBytes === 0 || lengthBytes > 4 || der.length < 2 + lengthBytes) return false;
  let contentLength = 0;
  for (let i = 0; i < lengthBytes; i++) contentLength = contentLength * 256 + (der[2 + i] ?? 0);
  return der.length === 2 + lengthBytes + contentLength;
}

export { isSingleDerSequence };
