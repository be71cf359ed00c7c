import { describe, expect, it } from 'vitest';
import { Logger, REDACTED, isSecretFieldName, parseLogLevel } from '../../lib/log/index.js';
import { captureLines } from '../helpers/fgContext.js';

const fixedNow = () => Date.parse('2026-12-01T10:00:00.000Z');

describe('Class: Logger', () => {
  describe('Method: info', () => {
    it('writes one JSON object per line with ts, level, event, fn and correlation_id first', () => {
      // Prepare
      const out = captureLines();
      const logger = new Logger({ write: out.write, now: fixedNow, fields: { fn: 'import-material' } });

      // Act
      logger.info('import.done', { key_id: 'k', days_left: 12 });

      // Assess
      expect(out.lines).toHaveLength(1);
      expect(out.lines[0]).not.toContain('\n');
      const record = out.records()[0]!;
      expect(Object.keys(record).slice(0, 5)).toEqual(['ts', 'level', 'event', 'fn', 'correlation_id']);
      expect(record).toEqual({
        ts: '2026-12-01T10:00:00.000Z',
        level: 'info',
        event: 'import.done',
        fn: 'import-material',
        correlation_id: null,
        key_id: 'k',
        days_left: 12,
      });
    });

    it('does not let call fields override ts, level or event', () => {
      const out = captureLines();
      new Logger({ write: out.write, now: fixedNow }).info('real', { ts: 'x', level: 'error', event: 'fake' });
      expect(out.records()[0]).toMatchObject({ ts: '2026-12-01T10:00:00.000Z', level: 'info', event: 'real' });
    });
  });

  describe('Method: child', () => {
    it('binds fields to every line, children of children accumulating them', () => {
      const out = captureLines();
      const root = new Logger({ write: out.write, fields: { fn: 'renew-expiring' } });
      const perKey = root.child({ correlation_id: 'c-1' }).child({ key_id: 'k-1' });

      perKey.warn('renew.retry', { attempt: 2 });

      expect(out.records()[0]).toMatchObject({
        level: 'warn',
        fn: 'renew-expiring',
        correlation_id: 'c-1',
        key_id: 'k-1',
        attempt: 2,
      });
    });
  });

  describe('Level threshold', () => {
    it('drops lines below the threshold and keeps the rest', () => {
      const out = captureLines();
      const logger = new Logger({ write: out.write, level: 'warn' });

      logger.debug('a');
      logger.info('b');
      logger.warn('c');
      logger.error('d');

      expect(out.records().map((r) => r['event'])).toEqual(['c', 'd']);
      expect(logger.isEnabled('info')).toBe(false);
    });

    it('parses level names and falls back on anything else', () => {
      expect(parseLogLevel(' DEBUG ')).toBe('debug');
      expect(parseLogLevel('error')).toBe('error');
      expect(parseLogLevel(undefined)).toBe('info');
      expect(parseLogLevel('verbose', 'warn')).toBe('warn');
      expect(parseLogLevel('constructor')).toBe('info');
    });
  });

  describe('Redaction', () => {
    it('redacts denylisted fields at any depth, in objects and arrays', () => {
      // Prepare
      const out = captureLines();
      const logger = new Logger({ write: out.write });
      const secretValues = ['SK-VALUE-1', 'TOKEN-VALUE-2', 'MATERIAL-3', 'WRAPPED-4', 'PLAIN-5', 'AUTH-6', 'PW-7'];

      // Act
      logger.error('oops', {
        sk: secretValues[0],
        nested: {
          deeper: { 'X-Security-Token': secretValues[1], list: [{ key_material: secretValues[2] }] },
          encrypted_key_material: secretValues[3],
        },
        items: [[{ plaintext: secretValues[4] }]],
        headers: { Authorization: secretValues[5] },
        password: secretValues[6],
        import_token: { anything: 'inside' },
        secret_name: 'my-secret',
      });

      // Assess
      const text = out.text();
      for (const value of [...secretValues, 'inside']) expect(text).not.toContain(value);
      const record = out.records()[0]!;
      expect(record['sk']).toBe(REDACTED);
      expect(record['import_token']).toBe(REDACTED);
      expect(record['secret_name']).toBe('my-secret');
      expect((record['nested'] as { deeper: Record<string, unknown> }).deeper['X-Security-Token']).toBe(REDACTED);
    });

    it('classifies field names: secrets by name or fragment, dashboard fields kept', () => {
      const secret = [
        'material', 'plain_text', 'plaintext', 'import_token', 'encrypted_key_material', 'encrypted_privatekey',
        'secret_string', 'secret_binary', 'sk', 'SK', 'secret_key', 'security_token', 'token', 'authorization',
        'password', 'ak', 'securityAccessKey', 'X-Auth-Token', 'credentials', 'body',
      ];
      const kept = ['key_id', 'alias', 'expires_at', 'days_left', 'secret_name', 'error_code', 'fp', 'region', 'material_expires_at'];
      for (const name of secret) expect(isSecretFieldName(name), name).toBe(true);
      for (const name of kept) expect(isSecretFieldName(name), name).toBe(false);
    });

    it('writes bytes as their size only', () => {
      const out = captureLines();
      const material = Buffer.alloc(32, 0xab);
      new Logger({ write: out.write }).info('bytes', { blob: material, view: new Uint8Array(4) });
      expect(out.text()).not.toMatch(/abab|q6ur/i);
      expect(out.records()[0]).toMatchObject({ blob: '[binary 32 bytes]', view: '[binary 4 bytes]' });
    });
  });

  describe('Errors', () => {
    it('writes an Error as name, message and code only: no cause, no stack', () => {
      const out = captureLines();
      const cause = { request: { headers: { 'x-leak': 'CAUSE-LEAK' } } };
      const error = Object.assign(new TypeError('bad thing', { cause }), { code: 'E_BAD', extra: 'EXTRA-LEAK' });

      new Logger({ write: out.write }).error('failed', { error });

      expect(out.records()[0]!['error']).toEqual({ name: 'TypeError', message: 'bad thing', code: 'E_BAD' });
      expect(out.text()).not.toContain('LEAK');
    });

    it('writes stack frames without the message line when asked', () => {
      const out = captureLines();
      new Logger({ write: out.write, includeStack: true }).error('failed', { error: new Error('MESSAGE-ONCE') });
      const logged = out.records()[0]!['error'] as { stack: string[] };
      expect(logged.stack.length).toBeGreaterThan(0);
      expect(logged.stack.every((frame) => frame.startsWith('at '))).toBe(true);
      expect(out.text().split('MESSAGE-ONCE')).toHaveLength(2);
    });
  });

  describe('Size limits', () => {
    it('truncates long strings and keeps each line under the split limit', () => {
      const out = captureLines();
      new Logger({ write: out.write }).info('big', { note: 'x'.repeat(200_000), many: Array.from({ length: 500 }, (_, i) => i) });
      const line = out.lines[0]!;
      expect(Buffer.byteLength(line)).toBeLessThanOrEqual(64 * 1024);
      const record = out.records()[0]!;
      expect(String(record['note'])).toMatch(/…\[\+\d+ chars\]$/);
      expect((record['many'] as unknown[]).at(-1)).toBe('…[+450 items]');
    });

    it('falls back to a minimal line when even the compact form is over budget', () => {
      const out = captureLines();
      const wide = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`f${i}`, 'y'.repeat(2_000)]));
      new Logger({ write: out.write, maxLineBytes: 2_000, fields: { fn: 'f' } }).info('wide', wide);
      expect(out.records()[0]).toEqual(expect.objectContaining({ event: 'wide', fn: 'f', truncated: true }));
      expect(Buffer.byteLength(out.lines[0]!)).toBeLessThanOrEqual(2_000);
    });

    it('survives circular structures and throwing getters', () => {
      const out = captureLines();
      const loop: Record<string, unknown> = { name: 'loop' };
      loop['self'] = loop;
      new Logger({ write: out.write }).info('loop', { loop });
      const hostile = { get boom(): string { throw new Error('getter'); } };
      new Logger({ write: out.write }).info('hostile', { hostile });
      expect(out.records()[0]).toMatchObject({ loop: { name: 'loop', self: '[circular]' } });
      expect(out.records()[1]).toMatchObject({ event: 'hostile', truncated: true });
    });
  });
});
