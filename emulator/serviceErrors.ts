/**
 * How a service's errors look on the wire: the route's shape (KMS nested, CSMS and control flat)
 * and the service's own codes for "that body is not JSON" and "internal error".
 */
import { flatError } from './gatewayErrors.js';
import { ApiGroup, WireError } from './types.js';
import type { EmulatorResponse, ErrorShape, Route, RouteErrorCodes } from './types.js';

type ServiceCodes = RouteErrorCodes;

const KMS_CODES: ServiceCodes = { invalidBody: 'KMS.0202', internal: 'KMS.0100' };
const CSMS_CODES: ServiceCodes = { invalidBody: 'CSMS.0004', internal: 'CSMS.0001' };
/** The control surface has no Huawei counterpart; its codes say so. */
const CONTROL_CODES: ServiceCodes = { invalidBody: 'EMU.0004', internal: 'EMU.0001' };

function codesFor(route: Route): ServiceCodes {
  if (route.errorCodes) return route.errorCodes;
  if (route.group === ApiGroup.Control) return CONTROL_CODES;
  if (route.group === ApiGroup.Csms) return CSMS_CODES;
  return KMS_CODES;
}

/** An error body in the given shape. */
function errorResponse(shape: ErrorShape, status: number, code: string, message: string): EmulatorResponse {
  if (shape === 'kms') return { status, body: { error: { error_code: code, error_msg: message } } };
  return flatError(status, code, message);
}

/** 400: the request body is not a JSON object. */
function invalidBody(route: Route): EmulatorResponse {
  return errorResponse(route.errorShape, 400, codesFor(route).invalidBody, 'The request body is not a valid JSON object.');
}

/** 500 in the route's shape; never carries internal details. */
function internalError(route: Route): EmulatorResponse {
  return errorResponse(route.errorShape, 500, codesFor(route).internal, 'Internal service error.');
}

/** Renders what a handler threw: a `WireError` as itself, anything else as a bare 500. */
function renderThrown(route: Route, error: unknown): EmulatorResponse {
  if (error instanceof WireError || (error as Error | null)?.name === 'WireError') {
    const wire = error as WireError;
    return errorResponse(route.errorShape, wire.status, wire.code, wire.message);
  }
  return internalError(route);
}

export { errorResponse, internalError, invalidBody, renderThrown };
