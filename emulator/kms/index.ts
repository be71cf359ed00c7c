import type { ServiceModule } from '../types.js';

/** Placeholder until the KMS service lands. */
function createKmsService(): ServiceModule {
  return { schema: '', routes: [] };
}

export { createKmsService };
