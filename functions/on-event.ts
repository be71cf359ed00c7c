/**
 * FunctionGraph function `on-event`: SMN (CSMS SECRET_VERSION_CREATED → rotation), CTS (KMS createKey → import,
 * deleteImportedKeyMaterial → recover) and direct `{"action": ...}` invocations; logic in lib/stages/onEvent.ts.
 * The stage is built once per cold start (it logs the first CSMS message's shape once). The next stages are
 * reached by FunctionGraph async invoke when `BYOK_FN_URN_<STAGE>` are set, else run in this invocation
 * (lib/huawei/wiring.ts, stageDispatcher).
 */
import { onEventDefinition } from '../lib/stages/onEvent.js';
import { stageFunction } from './runtime.js';

/** FunctionGraph entry point: `(event, context)` → the stage's result or a failure event. */
export const handler = stageFunction(onEventDefinition());
