/**
 * Test page: our client's LocalRenderer (vtk.js) drawing the geometry a session delivers, for
 * the server named by `?ws=…&secret=…`; with `&auto=1` the view is shown by createViewRenderer
 * instead (the server chooses local or remote). Exposes `window.local` for the test to inspect.
 */
import { type AutoRenderer, createViewRenderer } from '../../src/client/auto-renderer.js';
import { connect } from '../../src/client/connection.js';
import { LocalRenderer } from '../../src/client/local-renderer.js';

export interface LocalPagePixels {
  width: number;
  height: number;
  /** RGBA, top row first, base64 (a compact way out of the page). */
  base64: string;
}

export interface LocalPage {
  renderer?: LocalRenderer;
  auto?: AutoRenderer;
  /** Modes the AutoRenderer chose, in order. */
  choices: string[];
  /** Canvases in the view's element (one at a time, whichever renderer shows it). */
  canvases(): number;
  ready: boolean;
  error?: string;
  pixels(): LocalPagePixels;
}

const parameters = new URLSearchParams(location.search);
const element = document.createElement('div');
element.style.width = '400px';
element.style.height = '300px';
document.body.append(element);

const page: LocalPage = {
  ready: false,
  choices: [],
  canvases: () => element.querySelectorAll('canvas').length,
  pixels() {
    if (!page.renderer) throw new Error('no renderer yet');
    const { width, height, data } = page.renderer.readPixels();
    let binary = '';
    for (let i = 0; i < data.length; i += 0x8000)
      binary += String.fromCharCode(...data.subarray(i, Math.min(data.length, i + 0x8000)));
    return { width, height, base64: btoa(binary) };
  },
};
(window as unknown as { local: LocalPage }).local = page;

try {
  const connection = await connect({
    url: parameters.get('ws') ?? '',
    secret: parameters.get('secret') ?? undefined,
  });
  const onError = (error: Error) => {
    page.error = error.message;
  };
  if (parameters.get('auto')) {
    page.auto = await createViewRenderer({
      connection,
      element,
      onError,
      local: { onError },
      onChoice: (choice) => page.choices.push(choice.use),
    });
  } else {
    page.renderer = new LocalRenderer({ connection, element, onError });
    await page.renderer.ready();
  }
  page.ready = true;
} catch (error) {
  page.error = error instanceof Error ? `${error.message}\n${error.stack}` : String(error);
}
