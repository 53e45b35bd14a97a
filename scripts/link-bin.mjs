#!/usr/bin/env node
// npm does not link a package's own `bin` into its node_modules/.bin, so `npx periscope` in a
// fresh clone would look for a package on the registry. Linking it here (from `prepare`) makes
// `npx periscope …` run this checkout.
import { chmodSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const binDir = `${root}node_modules/.bin`;
mkdirSync(binDir, { recursive: true });
rmSync(`${binDir}/periscope`, { force: true });
symlinkSync('../../bin/periscope.js', `${binDir}/periscope`);
chmodSync(`${root}bin/periscope.js`, 0o755);
