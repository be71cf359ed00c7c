/**
 * Matches request paths against Huawei's path templates (`/v1/{project_id}/secrets/{secret_name}`).
 * `{name}` matches one non-empty segment; everything else is literal. When several templates
 * match, the one with a literal segment where the other has a parameter wins (checked left to
 * right), so `/kms/resource_instances/action` beats a `{key_id}` in the same place.
 */
import type { Route } from './types.js';

type Segment = { literal: string } | { param: string };

interface CompiledRoute {
  route: Route;
  segments: Segment[];
}

type RouteMatch =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  | { kind: 'wrong-method' }
  | { kind: 'not-found' };

const PARAM = /^\{([A-Za-z0-9_]+)\}$/;

function compile(route: Route): CompiledRoute {
  const segments = route.path
    .split('/')
    .slice(1)
    .map((s): Segment => {
      const m = PARAM.exec(s);
      return m?.[1] !== undefined ? { param: m[1] } : { literal: s };
    });
  return { route, segments };
}

/** Literal-before-parameter order, segment by segment. */
function bySpecificity(a: CompiledRoute, b: CompiledRoute): number {
  const n = Math.min(a.segments.length, b.segments.length);
  for (let i = 0; i < n; i++) {
    const la = 'literal' in a.segments[i]! ? 0 : 1;
    const lb = 'literal' in b.segments[i]! ? 0 : 1;
    if (la !== lb) return la - lb;
  }
  return 0;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** A fixed route table built once per emulator. */
class Router {
  readonly #routes: CompiledRoute[];

  /** @throws Error when two routes share a method and template: a wiring mistake, caught at start. */
  constructor(routes: Route[]) {
    const seen = new Set<string>();
    for (const route of routes) {
      const key = `${route.method} ${route.path.replace(/\{[^}]*\}/g, '{}')}`;
      if (seen.has(key)) throw new Error(`emulator: two routes for ${route.method} ${route.path}`);
      seen.add(key);
    }
    this.#routes = routes.map(compile).sort(bySpecificity);
  }

  /** Finds the route for a raw (still percent-encoded) path. */
  match(method: string, rawPath: string): RouteMatch {
    const parts = rawPath.split('/').slice(1);
    let pathMatched = false;
    for (const { route, segments } of this.#routes) {
      if (segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < segments.length && ok; i++) {
        const seg = segments[i]!;
        const part = parts[i]!;
        if ('literal' in seg) ok = seg.literal === part;
        else if (part === '') ok = false;
        else params[seg.param] = decodeSegment(part);
      }
      if (!ok) continue;
      if (route.method === method) return { kind: 'found', route, params };
      pathMatched = true;
    }
    return pathMatched ? { kind: 'wrong-method' } : { kind: 'not-found' };
  }
}

export { Router };
export type { RouteMatch };
