import type { ServiceModule } from '../types.js';

/** Placeholder until the CSMS service lands. */
function createCsmsService(): ServiceModule {
  return { schema: '', routes: [] };
}

export { createCsmsService };
