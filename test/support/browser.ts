/**
 * Browser tests: Debian's Chromium driven by playwright-core (never a downloaded browser), pages
 * bundled on the fly with esbuild from a TypeScript entry module, served from loopback.
 *
 * Usage:
 *   const page = await servePage({ entry: new URL('./fixture.page.ts', import.meta.url) });
 *   const browser = await launchChromium();
 *   const tab = await browser.newPage();
 *   await tab.goto(`${page.url}?ws=${encodeURIComponent(wsUrl)}`);
 *   … await page.close(); await browser.close();
 */
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Why browser tests cannot run here, or undefined when they can (for `test(…, { skip })`). */
export function browserUnavailable(): string | undefined {
  if (process.env.CI === 'true') return undefined; // CI installs Chromium: a missing one must fail there.
  return existsSync(CHROMIUM_PATH)
    ? undefined
    : `${CHROMIUM_PATH} is not installed (apt-get install chromium)`;
}

/**
 * Headless Chromium with the flags this machine needs: no sandbox (root), no GPU, and no
 * background networking (the closed network refuses Chromium's own connections). WebGL runs on
 * SwiftShader.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--enable-unsafe-swiftshader',
      '--use-angle=swiftshader',
    ],
  });
}

/** Bundles a browser entry module (TypeScript or JavaScript) into one ES module script. */
export async function bundleForBrowser(entry: URL): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(entry)],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    sourcemap: 'inline',
    logLevel: 'silent',
    // vtk.js reads `process.env` in a few places and imports a Node-only fallback for `crypto`.
    define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
  });
  return result.outputFiles[0].text;
}

export interface ServedPage {
  /** `http://127.0.0.1:PORT/` — the page that loads the bundle. */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves `/` (an HTML page with `body` and the bundled entry as a module script) and `/app.js`
 * from 127.0.0.1 on an ephemeral port.
 */
export async function servePage(props: { entry: URL; body?: string; title?: string }): Promise<ServedPage> {
  const script = await bundleForBrowser(props.entry);
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>${props.title ?? 'periscope test'}</title>
<style>html,body{margin:0;padding:0;background:#fff}</style></head>
<body>${props.body ?? ''}<script type="module" src="/app.js"></script></body></html>`;
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path === '/') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    } else if (path === '/app.js') {
      response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(script);
    } else if (path === '/favicon.ico') {
      response.writeHead(204).end(); // keeps the console free of a 404 the tests might read as a failure
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
