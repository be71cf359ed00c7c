/**
 * A memory cgroup for the embedded cloud's function processes (BYOK_EMULATOR_FGS_CGROUP,
 * docs/emulator.md#running-a-function): v1 (`memory.limit_in_bytes`) or v2 (`memory.max`). Needs root and a
 * mounted memory controller; answers undefined where none can be made.
 */
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A made cgroup: its folder, how often its limit was hit so far, and removal (once its processes are gone). */
interface MemoryCgroup {
  folder: string;
  /** `limit reached N time(s)` (v1) or `OOM kills N` (v2). */
  hits: () => string;
  remove: () => void;
}

function makeMemoryCgroup(name: string, limitBytes: number): MemoryCgroup | undefined {
  try {
    const v1 = '/sys/fs/cgroup/memory';
    if (existsSync(join(v1, 'cgroup.procs'))) {
      const folder = join(v1, name);
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, 'memory.limit_in_bytes'), String(limitBytes));
      writeFileSync(join(folder, 'memory.failcnt'), '0');
      const hits = (): string => `limit reached ${readFileSync(join(folder, 'memory.failcnt'), 'utf8').trim()} time(s)`;
      return { folder, hits, remove: () => rmdirSync(folder) };
    }
    const v2 = existsSync('/sys/fs/cgroup/cgroup.controllers') ? '/sys/fs/cgroup' : '/sys/fs/cgroup/unified';
    if (!existsSync(join(v2, 'cgroup.controllers'))) return undefined;
    const folder = join(v2, name);
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'memory.max'), String(limitBytes));
    const hits = (): string => `OOM kills ${/oom_kill (\d+)/.exec(readFileSync(join(folder, 'memory.events'), 'utf8'))?.[1] ?? '?'}`;
    return { folder, hits, remove: () => rmdirSync(folder) };
  } catch {
    return undefined;
  }
}

export { makeMemoryCgroup };
export type { MemoryCgroup };
