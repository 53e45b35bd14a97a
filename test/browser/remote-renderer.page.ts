/**
 * Test page: our client library's `connect` + `RemoteRenderer` (through the public entry
 * `src/client/index.ts`) against the server named by `?ws=…&secret=…&file=…`. It opens the file
 * with `periscope.file.open` and reports on `window.remote` for the Node side of the test.
 */
import { type Connection, connect, type RemoteFrame, RemoteRenderer } from '../../src/client/index.js';
import { type FrameSample, sampleRgba } from './frame-sample.js';

export interface RemotePageState {
  status: 'connecting' | 'ready' | 'failed';
  error: string | undefined;
  clientId: string;
  /** Every frame RemoteRenderer drew, in order. */
  frames: RemoteFrame[];
  /** `performance.now()` of the last drawn frame. */
  lastFrameAt: number;
  /** Errors RemoteRenderer reported. */
  errors: string[];
}

export interface RemotePage {
  state: RemotePageState;
  stats(): RemoteRenderer['stats'];
  /** Pixels of RemoteRenderer's canvas. */
  sample(): Promise<FrameSample>;
  /** Sets the view element's CSS size. */
  resize(width: number, height: number): void;
  call(method: string, args?: unknown[]): Promise<unknown>;
  refresh(): Promise<void>;
  dispose(): Promise<void>;
  /** Canvases inside the view element. */
  canvases(): number;
}

const parameters = new URLSearchParams(location.search);
const state: RemotePageState = {
  status: 'connecting',
  error: undefined,
  clientId: '',
  frames: [],
  lastFrameAt: 0,
  errors: [],
};

const element = document.createElement('div');
element.id = 'view';
element.style.cssText = 'width: 400px; height: 300px';
document.body.appendChild(element);

let connection: Connection | undefined;
let renderer: RemoteRenderer | undefined;

const live = () => {
  if (!connection || !renderer) throw new Error(`the page is ${state.status}: ${state.error}`);
  return { connection, renderer };
};

(window as unknown as { remote: RemotePage }).remote = {
  state,
  stats: () => live().renderer.stats,
  async sample() {
    // Read through a copy: reading the renderer's own canvas back would make Chrome move it off the GPU.
    const { canvas } = live().renderer;
    const copy = document.createElement('canvas');
    copy.width = canvas.width;
    copy.height = canvas.height;
    const context = copy.getContext('2d');
    if (!context) throw new Error('no 2D context');
    context.drawImage(canvas, 0, 0);
    const { data } = context.getImageData(0, 0, copy.width, copy.height);
    return sampleRgba(data, copy.width, copy.height);
  },
  resize(width, height) {
    element.style.width = `${width}px`;
    element.style.height = `${height}px`;
  },
  call: (method, args = []) => live().connection.call(method, args),
  refresh: () => live().renderer.refresh(),
  dispose: () => live().renderer.dispose(),
  canvases: () => element.querySelectorAll('canvas').length,
};

try {
  connection = await connect({ url: parameters.get('ws') ?? '', secret: parameters.get('secret') ?? '' });
  state.clientId = connection.clientId;
  await connection.call('periscope.file.open', [parameters.get('file') ?? '']);
  renderer = new RemoteRenderer({
    connection,
    element,
    pixelRatio: 1,
    onFrame: (frame) => {
      state.frames.push(frame);
      state.lastFrameAt = performance.now();
    },
    onError: (error) => state.errors.push(error.message),
  });
  await renderer.ready();
  state.status = 'ready';
} catch (error) {
  state.status = 'failed';
  state.error = error instanceof Error ? error.message : String(error);
}
