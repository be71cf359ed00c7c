/**
 * Overwrite buffers with zeros. Accepts `undefined`/`null` so it can sit in a `finally` for values that may
 * not have been created yet.
 *
 * @example
 * zeroize(material, tmpKey);
 */
function zeroize(...buffers: Array<Uint8Array | null | undefined>): void {
  for (const buffer of buffers) buffer?.fill(0);
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/**
 * Run `fn` with a secret buffer and zero the buffer afterwards, whether `fn` returns, throws or (for an
 * async `fn`) its promise settles either way. The result of `fn` is returned unchanged.
 *
 * @example
 * const wrapped = withMaterial(decodeMaterial(fileBytes), (material) => wrapMaterial(material, publicKey));
 * const id = await withMaterial(material, async (m) => importInto(keyId, m));
 */
function withMaterial<T>(material: Buffer, fn: (material: Buffer) => T): T {
  let settlesLater = false;
  try {
    const result = fn(material);
    if (isPromiseLike(result)) {
      settlesLater = true;
      // The caller awaits this promise; zero the buffer only once the async work is done with it.
      return Promise.resolve(result).finally(() => zeroize(material)) as T;
    }
    return result;
  } finally {
    if (!settlesLater) zeroize(material);
  }
}

export { withMaterial, zeroize };
