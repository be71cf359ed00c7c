/**
 * The account's projects. Huawei gives an account one project per region and lets it add more (sub-projects in
 * the same region): KMS and CSMS resources are per project, the credentials are the account's. The emulator starts
 * with the one project of its identity; `POST /_emulator/projects` adds more (docs/emulator.md#projects), kept in
 * `meta` like the identity, so a sweep over several targets can be tested honestly on one emulator.
 */
import { randomBytes } from 'node:crypto';
import type { MetaStore } from './store.js';

const PROJECTS_KEY = 'projects';
/** Huawei's default quota of projects per region is small; this only keeps a runaway test bounded. */
const MAX_EXTRA_PROJECTS = 32;

class ProjectStore {
  readonly #meta: MetaStore;
  readonly #main: string;
  #extra: string[];

  constructor(meta: MetaStore, mainProjectId: string) {
    this.#meta = meta;
    this.#main = mainProjectId;
    this.#extra = JSON.parse(meta.get(PROJECTS_KEY) ?? '[]') as string[];
  }

  /** Every project id of the account, the identity's first. */
  all(): string[] {
    return [this.#main, ...this.#extra];
  }

  has(projectId: string): boolean {
    return projectId === this.#main || this.#extra.includes(projectId);
  }

  /** Adds a project (32 hex characters, as Huawei's); call inside a transaction. Throws past the bound. */
  add(): string {
    if (this.#extra.length >= MAX_EXTRA_PROJECTS) throw new Error(`at most ${MAX_EXTRA_PROJECTS} extra projects`);
    const projectId = randomBytes(16).toString('hex');
    this.#extra = [...this.#extra, projectId];
    this.#meta.set(PROJECTS_KEY, JSON.stringify(this.#extra));
    return projectId;
  }
}

export { ProjectStore };
