/**
 * Typed handles on the CommonJS modules of the FunctionGraph provider plugin (deploy/*.cjs), for tests and
 * benchmarks; the plugin itself is plain CommonJS because osls loads it with require().
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const requireCjs = createRequire(import.meta.url);

/** The repository's root folder. */
const REPO_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

interface Bundle {
  code: Uint8Array;
  map: Uint8Array;
  /** Bytes in the bundle per input file (esbuild metafile). */
  inputs: Record<string, number>;
}

interface TriggerPlan {
  type: 'TIMER' | 'SMN' | 'CTS';
  name: string;
  status: 'ACTIVE' | 'DISABLED';
  eventData?: Record<string, unknown>;
  topic?: string;
}

interface FunctionPlan {
  key: string;
  name: string;
  entry: string;
  exportName: string;
  runtime: string;
  memorySize: number;
  timeout: number;
  environment: Record<string, string>;
  asyncInvoke?: { maxRetries: number; maxEventAgeSeconds: number; onFailure?: { smn?: string; function?: string } };
  triggers: TriggerPlan[];
}

interface ServicePlan {
  service: string;
  stage: string;
  region: string;
  functionPackage: string;
  agency: string;
  configAgency: string;
  functions: FunctionPlan[];
}

interface ConfigInput {
  serviceDir: string;
  service: string;
  stage: string;
  region: string;
  provider: Record<string, unknown>;
  functions: Record<string, Record<string, unknown>>;
}

interface DeployErrorShape extends Error {
  code: string;
  fields: string[];
}

const plugin = {
  bundleFunction: (requireCjs('../../deploy/bundleFunction.cjs') as {
    bundleFunction(input: { entry: string; target: string; slim?: boolean }): Promise<Bundle>;
  }).bundleFunction,
  zipBundle: (requireCjs('../../deploy/zipBundle.cjs') as { zipBundle(code: Uint8Array): { zip: Uint8Array; sha256: string } }).zipBundle,
  validateConfig: (requireCjs('../../deploy/validateConfig.cjs') as { validateConfig(input: ConfigInput): ServicePlan }).validateConfig,
  pruneFunctionGraphClient: (requireCjs('../../deploy/pruneFunctionGraphClient.cjs') as {
    pruneFunctionGraphClient(source: string, operations: readonly string[]): string;
  }).pruneFunctionGraphClient,
  shims: requireCjs('../../deploy/slimBundle.cjs') as { SHIMS: Record<string, string>; FUNCTION_GRAPH_OPERATIONS: readonly string[] },
};

/** The functions of serverless.yml, in deploy order. */
const FUNCTION_KEYS = ['create-key', 'fetch-parameters', 'wrap-material', 'import-material', 'on-event', 'renew-expiring'] as const;

export { FUNCTION_KEYS, REPO_DIR, plugin };
export type { Bundle, ConfigInput, DeployErrorShape, FunctionPlan, ServicePlan, TriggerPlan };
