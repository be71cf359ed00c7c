/**
 * A pool of pre-generated RSA-2048 wrapping keys. A key is handed out once. `takeAsync()` (the route's
 * `prepare`, before the transaction) gives a pooled key or, when the pool is cold, generates one off the event
 * loop; `take()` is the synchronous fallback for a handler called without `prepare` (it generates on the spot
 * when cold). Every take starts a background refill with the asynchronous `generateKeyPair`, which runs on
 * libuv's thread pool; one key is generated at a time, so the refill uses one core.
 */
import { generateKeyPair, generateKeyPairSync } from 'node:crypto';

interface WrappingKeyPair {
  /** DER SubjectPublicKeyInfo, what get-parameters-for-import returns base64-encoded. */
  publicKeyDer: Buffer;
  /** DER PKCS#8; stored with the import token. */
  privateKeyDer: Buffer;
}

interface WrappingKeyPoolOptions {
  /** Keys kept ready; 0 disables the pool (every take generates). Default 4. */
  size?: number;
  modulusBits?: number;
}

function rsaOptions(modulusLength: number) {
  return {
    modulusLength,
    publicKeyEncoding: { type: 'spki', format: 'der' },
    privateKeyEncoding: { type: 'pkcs8', format: 'der' },
  } as const;
}

function generatePair(modulusBits: number): Promise<WrappingKeyPair> {
  return new Promise((resolve, reject) => {
    generateKeyPair('rsa', rsaOptions(modulusBits), (error, publicKey, privateKey) => {
      if (error) reject(error);
      else resolve({ publicKeyDer: publicKey, privateKeyDer: privateKey });
    });
  });
}

class WrappingKeyPool {
  readonly #size: number;
  readonly #modulusBits: number;
  readonly #ready: WrappingKeyPair[] = [];
  #inFlight: Promise<void> | undefined;
  #closed = false;

  constructor(options: WrappingKeyPoolOptions = {}) {
    this.#size = options.size ?? 4;
    this.#modulusBits = options.modulusBits ?? 2048;
  }

  /** Keys ready to hand out now. */
  get available(): number {
    return this.#ready.length;
  }

  /** A key never handed out before; pooled when possible, generated synchronously otherwise. */
  take(): WrappingKeyPair {
    const pair = this.#ready.shift() ?? this.#generateNow();
    this.fill();
    return pair;
  }

  /**
   * Like `take()`, but a cold pool generates asynchronously (off the event loop) instead of blocking. Used by
   * the route's `prepare`, which runs before the request's transaction.
   */
  async takeAsync(): Promise<WrappingKeyPair> {
    const pooled = this.#ready.shift();
    this.fill();
    if (pooled) return pooled;
    const pair = await generatePair(this.#modulusBits);
    this.fill();
    return pair;
  }

  /** Starts refilling in the background unless already refilling, full or closed. */
  fill(): void {
    if (this.#closed || this.#inFlight || this.#ready.length >= this.#size) return;
    this.#inFlight = this.#generateInBackground().then((generated) => {
      this.#inFlight = undefined;
      // After a failure the next take() retries, instead of spinning on an error here.
      if (generated) this.fill();
    });
  }

  /** Resolves once the pool holds `count` keys (or its size, if smaller); for benchmarks and tests. */
  async warm(count = this.#size): Promise<void> {
    const target = Math.min(count, this.#size);
    this.fill();
    while (this.#ready.length < target && this.#inFlight) await this.#inFlight;
  }

  /** Stops refilling, waits for the key being generated, and drops the pooled keys. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#inFlight;
    this.#ready.length = 0;
  }

  #generateNow(): WrappingKeyPair {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', rsaOptions(this.#modulusBits));
    return { publicKeyDer: publicKey, privateKeyDer: privateKey };
  }

  async #generateInBackground(): Promise<boolean> {
    try {
      const pair = await generatePair(this.#modulusBits);
      if (!this.#closed) this.#ready.push(pair);
      return true;
    } catch {
      // A failed background generation only leaves the pool one key short; take() still generates on demand.
      return false;
    }
  }
}

export { WrappingKeyPool };
export type { WrappingKeyPair, WrappingKeyPoolOptions };
