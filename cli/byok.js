#!/usr/bin/env node
// Entry point of the `byok` command. The sources are TypeScript; tsx's loader runs them
// directly, so `npx byok` works right after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
