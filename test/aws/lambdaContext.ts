/** A context shaped like AWS Lambda's Node.js context (the fields the handlers read), for tests. */
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';

/**
 * @example
 * await handler(event, lambdaContext('byok-keeper-dev-on-event'));
 */
function lambdaContext(functionName: string, remainingMs = 60_000): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:eu-west-1:111122223333:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'test',
    getRemainingTimeInMillis: () => remainingMs,
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

export { lambdaContext };
