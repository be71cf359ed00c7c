import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../cli/main.js';
import { fingerprint } from '../../lib/crypto/fingerprint.js';
import { ecKeyPair, hasOpenssl, leaks, rsaKeyPair } from '../crypto/fixtures.js';

const BYOK = resolve(import.meta.dirname, '../../cli/byok.js');
const OPENSSL_REASON = 'openssl is not on PATH (CI installs it via .ci/run)';
if (!hasOpenssl) console.warn(`test/cli/wrap.test.ts: skipping the openssl checks: ${OPENSSL_REASON}`);

interface Outcome {
  code: number | null;
  stdout: Buffer;
  stderr: Buffer;
}

/** Run `node cli/byok.js ...args` as a real subprocess, optionally feeding stdin. */
function byok(args: string[], stdin?: Buffer): Promise<Outcome> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BYOK, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr) }));
    child.stdin.end(stdin);
  });
}

/**
 * Run the same command in this process, capturing what it writes. Much faster than a subprocess, so the
 * long matrix of bad inputs runs here; a few cases also run as subprocesses to cover the real entry point.
 */
async function byokInProcess(args: string[]): Promise<Outcome> {
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  const capture = (into: Buffer[]) => (chunk: string | Uint8Array): boolean => {
    into.push(Buffer.from(chunk));
    return true;
  };
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(capture(stdout) as typeof process.stdout.write);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(capture(stderr) as typeof process.stderr.write);
  try {
    const code = await main(args);
    return { code, stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr) };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

/** Decrypt with openssl pkeyutl, as the Huawei UMN does it by hand. */
function opensslDecrypt(privatePem: string, wrappedBase64: string, pkeyopts: string[]): Buffer {
  const input = join(dir, `wrapped-${randomBytes(4).toString('hex')}.bin`);
  writeFileSync(input, Buffer.from(wrappedBase64, 'base64'));
  const opts = pkeyopts.flatMap((o) => ['-pkeyopt', o]);
  return execFileSync('openssl', ['pkeyutl', '-decrypt', '-inkey', privatePem, ...opts, '-in', input]);
}

let dir = '';
const material = randomBytes(32);
const files: Record<string, string> = {};

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'byok-wrap-cli-'));
  if (hasOpenssl) {
    // A wrapping key as an operator may hold one: a key pair made by openssl, the public half exported as DER.
    files.privatePem = join(dir, 'priv.pem');
    execFileSync('openssl', ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', files.privatePem], { stdio: 'ignore' });
    files.publicDer = join(dir, 'pub.der');
    execFileSync('openssl', ['pkey', '-in', files.privatePem, '-pubout', '-outform', 'DER', '-out', files.publicDer]);
    files.publicPem = join(dir, 'pub.pem');
    execFileSync('openssl', ['pkey', '-in', files.privatePem, '-pubout', '-out', files.publicPem]);
  } else {
    const pair = rsaKeyPair(2048);
    files.publicDer = file('pub.der', pair.publicKey.export({ format: 'der', type: 'spki' }));
    files.publicPem = file('pub.pem', pair.publicKey.export({ format: 'pem', type: 'spki' }));
  }
  const der = readFileSync(files.publicDer);
  files.publicB64 = file('pub.b64', `${der.toString('base64')}\n`);
  files.publicB64Wrapped = file('pub-wrapped.b64', `${der.toString('base64').match(/.{1,64}/g)?.join('\n')}\n`);
  files.materialRaw = file('material.bin', material);
  files.materialB64 = file('material.b64', `${material.toString('base64')}\n`);
  files.materialHex = file('material.hex', material.toString('hex'));
  files.rsa1024 = file('rsa1024.der', rsaKeyPair(1024).publicKey.export({ format: 'der', type: 'spki' }));
  files.ec = file('ec.der', ecKeyPair().publicKey.export({ format: 'der', type: 'spki' }));
  files.garbageKey = file('garbage.key', randomBytes(300));
  files.short = file('short.bin', material.subarray(0, 31));
  files.long = file('long.b64', `${Buffer.concat([material, material.subarray(0, 1)]).toString('base64')}\n`);
  files.notBase64 = file('bad.txt', `${material.toString('hex')}zz\n`);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Command: byok wrap', () => {
  it.skipIf(!hasOpenssl).each([
    ['raw material', 'a DER key', 'materialRaw', 'publicDer'],
    ['base64 material', 'a one-line base64 key', 'materialB64', 'publicB64'],
    ['hex material', 'a PEM key', 'materialHex', 'publicPem'],
    ['base64 material', 'a wrapped base64 key', 'materialB64', 'publicB64Wrapped'],
  ])('wraps %s with %s so that openssl pkeyutl OAEP/SHA-256 recovers it', async (_m, _k, materialFile, keyFile) => {
    // Act
    const out = await byok(['wrap', '--public-key', files[keyFile] ?? '', '--material', files[materialFile] ?? '']);
    // Assess
    expect(out.stderr.toString()).toBe('');
    expect(out.code).toBe(0);
    const wrapped = out.stdout.toString();
    expect(wrapped).toMatch(/^[0-9a-zA-Z+/=]{344}\n$/);
    const plain = opensslDecrypt(files.privatePem ?? '', wrapped.trim(), ['rsa_padding_mode:oaep', 'rsa_oaep_md:sha256']);
    expect(plain.equals(material)).toBe(true);
  });

  it.skipIf(!hasOpenssl)('reads the material from standard input with --material -', async () => {
    const out = await byok(['wrap', '--public-key', files.publicDer ?? '', '--material', '-'], Buffer.from(material.toString('base64')));
    expect(out.code).toBe(0);
    const plain = opensslDecrypt(files.privatePem ?? '', out.stdout.toString().trim(), ['rsa_padding_mode:oaep', 'rsa_oaep_md:sha256']);
    expect(plain.equals(material)).toBe(true);
  });

  it.skipIf(!hasOpenssl).each([
    ['RSAES_OAEP_SHA_1', ['rsa_padding_mode:oaep', 'rsa_oaep_md:sha1']],
    ['RSAES_PKCS1_V1_5', ['rsa_padding_mode:pkcs1']],
  ])('wraps with legacy %s, warning on stderr', async (algorithm, pkeyopts) => {
    const out = await byokInProcess(['wrap', '--public-key', files.publicDer ?? '', '--material', files.materialRaw ?? '', '--algorithm', algorithm]);
    expect(out.code).toBe(0);
    expect(out.stderr.toString()).toMatch(new RegExp(`^byok wrap: warning: ${algorithm} is a legacy wrapping algorithm.*\\n$`));
    expect(opensslDecrypt(files.privatePem ?? '', out.stdout.toString().trim(), pkeyopts).equals(material)).toBe(true);
  });

  it('prints its usage with --help', async () => {
    const out = await byokInProcess(['wrap', '--help']);
    expect(out.code).toBe(0);
    expect(out.stdout.toString()).toContain('usage: byok wrap --public-key FILE --material FILE [--algorithm A]');
  });

  describe('bad input', () => {
    const b64 = material.toString('base64');
    const hex = material.toString('hex');
    it.each([
      ['material of 31 bytes', () => ['--public-key', files.publicDer, '--material', files.short], /got 31 bytes/],
      ['base64 material of 33 bytes', () => ['--public-key', files.publicDer, '--material', files.long], /base64 text decoding to 33 bytes/],
      ['material that is not base64 or hex', () => ['--public-key', files.publicDer, '--material', files.notBase64], /neither raw material nor base64 or hex/],
      ['an RSA-1024 key', () => ['--public-key', files.rsa1024, '--material', files.materialRaw], /RSA-1024; at least RSA-2048/],
      ['an EC key', () => ['--public-key', files.ec, '--material', files.materialRaw], /wrapping key is ec, not RSA/],
      ['a garbage key file', () => ['--public-key', files.garbageKey, '--material', files.materialRaw], /public key file/],
      ['an unknown algorithm (given the material as its value)', () => ['--public-key', files.publicDer, '--material', files.materialRaw, '--algorithm', b64], /unknown wrapping algorithm/],
      ['SM2_ENCRYPT', () => ['--public-key', files.publicDer, '--material', files.materialRaw, '--algorithm', 'SM2_ENCRYPT'], /SM2_ENCRYPT wrapping is not supported/],
      ['a missing material file (named by the material hex)', () => ['--public-key', files.publicDer, '--material', join(dir, hex)], /cannot read the --material file: no such file/],
      ['the material itself in place of the file', () => ['--public-key', files.publicDer, `--material=${b64}`], /cannot read the --material file/],
      ['a missing --material', () => ['--public-key', files.publicDer], /missing --material FILE/],
      ['a missing --public-key', () => ['--material', files.materialRaw], /missing --public-key FILE/],
      ['an option without its value', () => ['--public-key', files.publicDer, '--material'], /option --material needs a value/],
      ['the material as a positional argument', () => ['--public-key', files.publicDer, '--material', files.materialRaw, hex], /unexpected argument/],
      ['an unknown option', () => ['--publickey', files.publicDer], /unknown option --publickey/],
    ])('exits 2 with one line and no material for %s', async (_name, args, reason) => {
      // Act
      const out = await byokInProcess(['wrap', ...args().map((a) => a ?? '')]);
      // Assess
      const stderr = out.stderr.toString();
      expect(out.code).toBe(2);
      expect(out.stdout.length).toBe(0);
      expect(stderr).toMatch(/^byok wrap: [^\n]+\n$/);
      expect(stderr).toMatch(reason);
      expect(leaks(out.stdout, material)).toBe(false);
      expect(leaks(out.stderr, material)).toBe(false);
    });
  });
});

describe('Command: byok wrap (as a subprocess, bad input)', () => {
  describe.concurrent('the real entry point', () => {
    it.each([
      ['material of 31 bytes', () => ['--public-key', files.publicDer, '--material', files.short], /got 31 bytes/],
      ['an EC key', () => ['--public-key', files.ec, '--material', files.materialB64], /not RSA/],
      ['the material itself in place of the file', () => ['--public-key', files.publicDer, '--material', material.toString('base64')], /cannot read/],
    ])('exits 2 with one line on stderr, nothing on stdout and no material for %s', async (_name, args, reason) => {
      const out = await byok(['wrap', ...args().map((a) => a ?? '')]);
      expect(out.code).toBe(2);
      expect(out.stdout.length).toBe(0);
      expect(out.stderr.toString()).toMatch(/^byok wrap: [^\n]+\n$/);
      expect(out.stderr.toString()).toMatch(reason);
      expect(leaks(out.stderr, material)).toBe(false);
    });
  });
});

describe('Command: byok fingerprint', () => {
  it('prints the fingerprint, run as a subprocess', async () => {
    const out = await byok(['fingerprint', '--material', files.materialRaw ?? '']);
    expect(out.code).toBe(0);
    expect(out.stderr.length).toBe(0);
    expect(out.stdout.toString()).toBe(`${fingerprint(material)}\n`);
  });

  it.each(['materialRaw', 'materialB64', 'materialHex'])('prints the fingerprint of %s', async (name) => {
    const out = await byokInProcess(['fingerprint', '--material', files[name] ?? '']);
    expect(out.code).toBe(0);
    expect(out.stdout.toString()).toBe(`${fingerprint(material)}\n`);
    expect(leaks(out.stdout, material)).toBe(false);
  });

  it.each([
    ['material of 31 bytes', () => ['--material', files.short ?? ''], /got 31 bytes/],
    ['a missing --material', () => [], /missing --material FILE/],
  ])('exits 2 with one line for %s', async (_name, args, reason) => {
    const out = await byokInProcess(['fingerprint', ...args()]);
    expect(out.code).toBe(2);
    expect(out.stdout.length).toBe(0);
    expect(out.stderr.toString()).toMatch(/^byok fingerprint: [^\n]+\n$/);
    expect(out.stderr.toString()).toMatch(reason);
    expect(leaks(out.stderr, material)).toBe(false);
  });

  it('prints its usage with --help', async () => {
    const out = await byokInProcess(['fingerprint', '-h']);
    expect(out.code).toBe(0);
    expect(out.stdout.toString()).toContain('usage: byok fingerprint --material FILE');
  });
});
