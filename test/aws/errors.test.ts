/**
 * AWS's exceptions as the ports' error kinds (lib/aws/errorKinds.ts, one table): every exception the adapters can
 * meet maps to the kind the domain decides on, the AWS name is kept as the code, the retry flags follow the
 * operation's retry class, and AWS's own message (which can quote request values) is never copied.
 */
import { describe, expect, it } from 'vitest';
import { errorFromAws } from '../../lib/aws/awsErrors.js';
import { kindOf, knownErrorNames } from '../../lib/aws/errorKinds.js';
import { AwsOperation } from '../../lib/aws/operations.js';
import { awsError } from './model/modelErrors.js';

describe('Function: kindOf (the AWS error table)', () => {
  it.each([
    ['ExpiredImportTokenException', 'ImportKeyMaterial', 'import-token-rejected'],
    ['InvalidImportTokenException', 'ImportKeyMaterial', 'import-token-rejected'],
    ['IncorrectKeyMaterialException', 'ImportKeyMaterial', 'material-mismatch'],
    ['InvalidCiphertextException', 'ImportKeyMaterial', 'import-token-rejected'],
    ['InvalidCiphertextException', 'Decrypt', 'invalid-request'],
    ['KMSInvalidStateException', 'ImportKeyMaterial', 'invalid-state'],
    ['DisabledException', 'Encrypt', 'invalid-state'],
    ['UnsupportedOperationException', 'GetParametersForImport', 'invalid-state'],
    ['NotFoundException', 'DescribeKey', 'not-found'],
    ['AlreadyExistsException', 'CreateAlias', 'already-exists'],
    ['ThrottlingException', 'GetParametersForImport', 'throttled'],
    ['LimitExceededException', 'CreateKey', 'quota-exceeded'],
    ['AccessDeniedException', 'DescribeKey', 'unauthorized'],
    ['ResourceNotFoundException', 'GetSecretValue', 'not-found'],
    ['DecryptionFailure', 'GetSecretValue', 'unauthorized'],
    ['TooManyRequestsException', 'Invoke', 'throttled'],
    ['KMSInternalException', 'DescribeKey', 'unavailable'],
  ])('%s on %s is %s', (name, operation, kind) => {
    expect(kindOf(name, 400, operation)).toBe(kind);
  });

  it('falls back on the HTTP status for names it does not know', () => {
    expect(kindOf('SomethingNew', 429, 'DescribeKey')).toBe('throttled');
    expect(kindOf('SomethingNew', 503, 'DescribeKey')).toBe('unavailable');
    expect(kindOf('SomethingNew', 403, 'DescribeKey')).toBe('unauthorized');
    expect(kindOf('SomethingNew', 400, 'DescribeKey')).toBe('invalid-request');
    expect(kindOf('SomethingNew', undefined, 'DescribeKey')).toBe('unknown');
  });

  it('knows every exception the KMS operations the adapters call declare', () => {
    const declared = ['DependencyTimeoutException', 'ExpiredImportTokenException', 'IncorrectKeyMaterialException', 'InvalidArnException', 'InvalidCiphertextException', 'InvalidImportTokenException', 'KMSInternalException', 'KMSInvalidStateException', 'NotFoundException', 'UnsupportedOperationException', 'AlreadyExistsException', 'InvalidAliasNameException', 'LimitExceededException', 'InvalidMarkerException', 'TagException', 'ConflictException', 'DisabledException', 'KeyUnavailableException'];
    expect(declared.filter((name) => !knownErrorNames().includes(name))).toEqual([]);
  });
});

describe('Function: errorFromAws', () => {
  it('keeps the AWS name as the code, the status and request id, and writes its own message', () => {
    // Prepare
    const thrown = awsError('kms', 'IncorrectKeyMaterialException', "key material for alias/customer-secret-name doesn't match");

    // Act
    const error = errorFromAws(AwsOperation.ImportKeyMaterial, thrown);

    // Assess
    expect(error).toMatchObject({ code: 'IncorrectKeyMaterialException', kind: 'material-mismatch', httpStatus: 400, operation: 'ImportKeyMaterial', retryable: false, ambiguous: false });
    expect(error.requestId).toMatch(/^model-/);
    expect(error.message).toMatch(/^ImportKeyMaterial failed: IncorrectKeyMaterialException \(HTTP 400\)\. What to do: /);
    expect(error.message).not.toMatch(/customer-secret-name/);
  });

  it('a network failure is retryable on a read, ambiguous on an import, plain on a connection refused', () => {
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(errorFromAws(AwsOperation.DescribeKey, reset)).toMatchObject({ code: 'ECONNRESET', kind: 'unavailable', retryable: true, ambiguous: false });
    expect(errorFromAws(AwsOperation.ImportKeyMaterial, reset)).toMatchObject({ kind: 'unavailable', retryable: false, ambiguous: true });
    expect(errorFromAws(AwsOperation.Invoke, refused)).toMatchObject({ kind: 'unavailable', retryable: true, ambiguous: false });
  });

  it('throttling is retryable even for calls that are not idempotent (AWS refused it before any work)', () => {
    expect(errorFromAws(AwsOperation.ImportKeyMaterial, awsError('kms', 'ThrottlingException', 'Rate exceeded'))).toMatchObject({ kind: 'throttled', retryable: true, ambiguous: false });
    expect(errorFromAws(AwsOperation.Invoke, awsError('lambda', 'TooManyRequestsException', 'Rate exceeded'))).toMatchObject({ kind: 'throttled', retryable: true, httpStatus: 429 });
  });

  it('a value that is not an error gets a neutral code', () => {
    expect(errorFromAws(AwsOperation.DescribeKey, 'boom')).toMatchObject({ code: 'UnknownError', kind: 'unknown' });
  });
});
