/**
 * The model's Lambda: functions by name, each with a handler the test gives (a stage function built over the same
 * model), asynchronous invocations queued as Lambda does (202 at once, the handler later), and `drain()` to run the
 * queue the way the service would.
 */
import type { AwsModel } from './AwsModel.js';
import { lambdaError } from './modelErrors.js';

type Input = Record<string, unknown>;
type Handler = (event: unknown) => Promise<unknown>;

/** The payload limit of an asynchronous invocation this model enforces. */
const MAX_ASYNC_PAYLOAD_BYTES = 256 * 1024;

class LambdaModel {
  readonly functions = new Map<string, Handler | undefined>();
  /** Queued events, oldest first (tests only: they hold import tokens and wrapped material). */
  readonly queue: Array<{ functionName: string; event: unknown }> = [];
  /** Every event that was invoked, in order. */
  readonly invoked: Array<{ functionName: string; event: unknown }> = [];
  constructor(_model: AwsModel) {}

  /** Declares a function (its handler may be left out: events then only queue). */
  define(functionName: string, handler?: Handler): void {
    this.functions.set(functionName, handler);
  }

  invoke(input: Input): Input {
    const ref = input['FunctionName'];
    const name = typeof ref === 'string' ? ref.slice(ref.lastIndexOf(':function:') >= 0 ? ref.lastIndexOf(':function:') + 10 : 0).split(':')[0]! : '';
    if (!this.functions.has(name)) throw lambdaError('ResourceNotFoundException', 'Function not found');
    if (input['InvocationType'] !== 'Event') throw lambdaError('InvalidParameterValueException', 'the model queues Event invocations only');
    const payload = Buffer.from((input['Payload'] as Uint8Array | undefined) ?? []);
    if (payload.length > MAX_ASYNC_PAYLOAD_BYTES) throw lambdaError('RequestTooLargeException', 'the payload is too large');
    const entry = { functionName: name, event: JSON.parse(payload.toString('utf8') || 'null') as unknown };
    this.queue.push(entry);
    this.invoked.push(entry);
    return { StatusCode: 202, $metadata: { httpStatusCode: 202, requestId: `model-invoke-${this.invoked.length}` } };
  }

  /** Runs queued events (and those they queue) until none is left; answers the handlers' results in order. */
  async drain(maxEvents = 50): Promise<unknown[]> {
    const results: unknown[] = [];
    for (let n = 0; this.queue.length > 0; n++) {
      if (n >= maxEvents) throw new Error('lambda model: the queue did not drain');
      const next = this.queue.shift()!;
      const handler = this.functions.get(next.functionName);
      if (handler !== undefined) results.push(await handler(next.event));
    }
    return results;
  }
}

export { LambdaModel };
