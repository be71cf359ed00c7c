/** What every KMS operation receives: the request, the service context and the KMS's own state. */
import type { EmulatorRequest, EmulatorResponse, ServiceContext } from '../types.js';
import type { KmsStore } from './store/KmsStore.js';
import type { WrappingKeyPool } from './WrappingKeyPool.js';

interface KmsCall {
  req: EmulatorRequest;
  ctx: ServiceContext;
  store: KmsStore;
  pool: WrappingKeyPool;
  /** The emulator clock, read once per request. */
  nowMs: number;
  /** Custom keys a project may hold (Huawei's quota, unless the service was built with another). */
  customKeysPerProject: number;
}

/** A KMS operation: synchronous, so it runs whole inside the core's database transaction. */
type KmsHandler = (call: KmsCall) => EmulatorResponse;

export type { KmsCall, KmsHandler };
