/**
 * Runs the lifecycle stages in this process: locally (`byok onboard`), inside the timer, and in tests. A stage's
 * `dispatch` only queues the next event; the chain's loop runs the queue one stage at a time (no deep
 * recursion), so a chain of any length has a flat stack. Chains are kept apart with AsyncLocalStorage, so one
 * dispatcher can run several chains at once (the timer renews keys concurrently).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { safeParse } from 'valibot';
import type { Logger } from '../log/Logger.js';
import { isCorrelationId, newCorrelationId } from '../domain/ids.js';
import { EventValidationError, describeIssues } from '../errors/index.js';
import type { Clock, Dispatcher, KeyService, SecretStore, StageName } from '../ports/index.js';
import { coreStages } from '../stages/coreStages.js';
import type { StageTable } from '../stages/coreStages.js';
import { failStage } from '../stages/failureEvent.js';
import type { StageFailureEvent } from '../stages/failureEvent.js';
import type { StageDeps, StageOptions, StageResult } from '../stages/types.js';
import { checkStageEvent } from './stageEventGuard.js';

/** One event handed to a stage (the first of a chain included). */
interface DispatchedEvent {
  readonly stage: StageName;
  readonly event: Record<string, unknown>;
}

/** What a stage answered: its result, or the failure event the cloud would have produced. */
type StageOutcome = StageResult | StageFailureEvent;

/** Options of {@link InProcessDispatcher}. */
interface InProcessDispatcherOptions {
  keys: KeyService;
  secrets: SecretStore;
  clock: Clock;
  /** Each stage logs through `logger.child({ fn: <stage>, correlation_id })`. */
  logger: Logger;
  options?: StageOptions;
  elapsedMs?: () => number;
  /** Stages added to or replacing {@link coreStages} (e.g. `on-event`). */
  stages?: StageTable;
  /** Called before each stage runs; tests use it to move the cloud's clock between stages. */
  beforeStage?: (stage: StageName, event: Record<string, unknown>) => void | Promise<void>;
  /** Upper bound of stages in one chain (a loop guard). Default 20. */
  maxSteps?: number;
  /**
   * Sees every stage that ran, with its event and outcome (tests, the leak scan). The event may hold an import
   * token and wrapped material: whoever watches must not keep or print them.
   */
  onStage?: (run: DispatchedEvent & { outcome: StageOutcome }) => void;
}

interface Chain {
  /** The dispatcher running the chain: another dispatcher called inside it starts a chain of its own. */
  readonly owner: InProcessDispatcher;
  readonly queue: DispatchedEvent[];
}

/**
 * One storage for every dispatcher. Node visits each live AsyncLocalStorage on every async hop, so one per
 * dispatcher (the timer makes one per key, sweep after sweep) slowed a warm process down more with every sweep.
 */
const chains = new AsyncLocalStorage<Chain>();

const DEFAULT_MAX_STEPS = 20;

/** A {@link Dispatcher} that runs each dispatched stage in this process. */
class InProcessDispatcher implements Dispatcher {
  readonly #options: InProcessDispatcherOptions;
  readonly #stages: StageTable;

  constructor(options: InProcessDispatcherOptions) {
    this.#options = options;
    this.#stages = { ...coreStages, ...options.stages };
  }

  /**
   * Inside a chain: queues the event for the chain's loop. Outside one (a stage called directly, as a
   * FunctionGraph handler does): runs a new chain from this event and resolves when it ends.
   */
  async dispatch(stage: StageName, event: Record<string, unknown>): Promise<void> {
    // The same check the FunctionGraph path makes, so a local run refuses what the cloud would.
    checkStageEvent(stage, event);
    const chain = chains.getStore();
    if (chain?.owner === this) {
      chain.queue.push({ stage, event });
      return;
    }
    await this.runChain(stage, event);
  }

  /**
   * Runs `stage` with `event`, then every stage dispatched from there, and answers the last outcome: the final
   * stage's result, or the failure event of the stage that failed (the chain stops there). Never rejects for a
   * stage failure. A correlation id is born when the event has none.
   *
   * @example
   * const result = await dispatcher.runChain(StageName.CreateKey, { alias: 'app', secret: { name: 'app-key' } });
   * if (!result.ok) console.error(result.error.message);
   */
  async runChain(stage: StageName, event: Record<string, unknown>): Promise<StageOutcome> {
    const first = isCorrelationId(event['correlation_id']) ? event : { ...event, correlation_id: newCorrelationId() };
    const chain: Chain = { owner: this, queue: [{ stage, event: first }] };
    return chains.run(chain, async () => {
      const maxSteps = this.#options.maxSteps ?? DEFAULT_MAX_STEPS;
      let last: StageOutcome | undefined;
      for (let step = 0; step < maxSteps; step++) {
        const next = chain.queue.shift();
        if (next === undefined) break;
        last = await this.#runStage(next);
        if (!last.ok) return last;
      }
      if (chain.queue.length > 0) {
        const pending = chain.queue[0] as DispatchedEvent;
        return this.#fail(pending, new Error(`chain exceeded ${maxSteps} stages`), this.#loggerFor(pending));
      }
      return last as StageOutcome;
    });
  }

  async #runStage(item: DispatchedEvent): Promise<StageOutcome> {
    const logger = this.#loggerFor(item);
    let outcome: StageOutcome;
    try {
      const definition = this.#stages[item.stage];
      if (definition === undefined) throw new Error(`no stage named ${item.stage} runs in process`);
      await this.#options.beforeStage?.(item.stage, item.event);
      const parsed = safeParse(definition.schema, item.event, { abortEarly: false });
      if (!parsed.success) throw new EventValidationError(describeIssues(parsed.issues));
      outcome = await definition.run(parsed.output, this.#deps(logger));
    } catch (error) {
      outcome = this.#fail(item, error, logger);
    }
    this.#options.onStage?.({ ...item, outcome });
    return outcome;
  }

  #deps(logger: Logger): StageDeps {
    const o = this.#options;
    return {
      keys: o.keys,
      secrets: o.secrets,
      clock: o.clock,
      dispatcher: this,
      logger,
      ...(o.options !== undefined ? { options: o.options } : {}),
      ...(o.elapsedMs !== undefined ? { elapsedMs: o.elapsedMs } : {}),
    };
  }

  #loggerFor(item: DispatchedEvent): Logger {
    const correlationId = item.event['correlation_id'];
    return this.#options.logger.child({
      fn: item.stage,
      ...(isCorrelationId(correlationId) ? { correlation_id: correlationId } : {}),
    });
  }

  /** The failure event and `stage.failed` line the stage middlewares would produce in the cloud. */
  #fail(item: DispatchedEvent, error: unknown, logger: Logger): StageFailureEvent {
    return failStage({ error, stage: item.stage, event: item.event, logger });
  }
}

export { InProcessDispatcher };
export type { DispatchedEvent, InProcessDispatcherOptions, StageOutcome };
