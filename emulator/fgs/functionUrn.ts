/**
 * FunctionGraph function URNs: `urn:fss:<region>:<project_id>:function:<package>:<name>[:<version|alias>]`
 * (e.g. `urn:fss:cn-north-4:0123…:function:default:byok-fetch-parameters:latest`). The version part is
 * optional on the invocation APIs; without it FunctionGraph runs `latest`.
 */

/** The parts of a function URN. */
interface FunctionUrn {
  region: string;
  projectId: string;
  packageName: string;
  functionName: string;
  /** `latest` when the URN names none. */
  version: string;
}

const URN =
  /^urn:fss:([a-z]{2,4}(?:-[a-z]+)+-\d{1,3}):([A-Za-z0-9]{1,64}):function:([A-Za-z0-9_-]{1,64}):([A-Za-z][A-Za-z0-9_-]{0,63})(?::([A-Za-z0-9_.-]{1,64}))?$/;

/**
 * Parses a function URN; `undefined` when it is not one.
 *
 * @example
 * parseFunctionUrn('urn:fss:cn-north-4:p1:function:default:fn:latest')?.functionName // 'fn'
 */
function parseFunctionUrn(urn: string): FunctionUrn | undefined {
  const m = URN.exec(urn);
  if (m === null) return undefined;
  const [, region, projectId, packageName, functionName, version] = m;
  if (region === undefined || projectId === undefined || packageName === undefined || functionName === undefined) {
    return undefined;
  }
  return { region, projectId, packageName, functionName, version: version ?? 'latest' };
}

/** `urn:fss:<region>:<project>:function:<package>:<name>[:<version>]`. */
function formatFunctionUrn(region: string, projectId: string, packageName: string, name: string, version?: string): string {
  const base = `urn:fss:${region}:${projectId}:function:${packageName}:${name}`;
  return version === undefined ? base : `${base}:${version}`;
}

export { formatFunctionUrn, parseFunctionUrn };
export type { FunctionUrn };
