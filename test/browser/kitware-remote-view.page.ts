/**
 * Test page: Kitware's own remote-rendering client — `wslink`'s SmartConnect and vtk.js's
 * RemoteView (ImageStream + ViewStream + InteractorStyleRemoteMouse) — unmodified, set up as
 * vtk.js's RemoteView example does, against the server named by `?ws=…&secret=…&file=…`.
 * It reports what it sees on `window.kitware` for the Node side of the test.
 */
import vtkRemoteView, { connectImageStream } from '@kitware/vtk.js/Rendering/Misc/RemoteView.js';
import SmartConnect from 'wslink/src/SmartConnect/index.js';
import { type FrameSample, sampleRgba } from './frame-sample.js';

export interface KitwarePageState {
  status: 'connecting' | 'ready' | 'failed';
  /** What wslink passed to onConnectionError (the hello's `{code, message}` on a bad secret). */
  error: { code?: unknown; message?: unknown; type?: string } | undefined;
  /** Result of `pv.proxy.manager.create.reader`. */
  opened: unknown;
  /** ImageReady events of the view stream (decoded frames). */
  frames: number;
  /** `metadata.size` of every decoded frame. */
  frameSizes: [number, number][];
  /** `performance.now()` of the last decoded frame. */
  lastFrameAt: number;
}

export interface KitwarePage {
  state: KitwarePageState;
  /** Pixels of the picture RemoteView shows (its background <img>). */
  sample(): Promise<FrameSample>;
}

const parameters = new URLSearchParams(location.search);
const state: KitwarePageState = {
  status: 'connecting',
  error: undefined,
  opened: undefined,
  frames: 0,
  frameSizes: [],
  lastFrameAt: 0,
};

const container = document.createElement('div');
container.id = 'view';
// RemoteView stacks an absolutely placed <img> under its canvas, so the container is positioned.
container.style.cssText = 'position: relative; width: 400px; height: 300px; overflow: hidden';
document.body.appendChild(container);

async function sample(): Promise<FrameSample> {
  const image = container.querySelector('img');
  if (!image?.src) throw new Error('RemoteView shows no image yet');
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = image.naturalWidth;
  canvas.height = image.naturalHeight;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no 2D context');
  context.drawImage(image, 0, 0);
  const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
  return sampleRgba(data, canvas.width, canvas.height);
}

(window as unknown as { kitware: KitwarePage }).kitware = { state, sample };

const smartConnect = SmartConnect.newInstance({
  config: { sessionURL: parameters.get('ws') ?? '', secret: parameters.get('secret') ?? '' },
});
smartConnect.onConnectionError((_connection, error: unknown) => {
  state.status = 'failed';
  const reported = (error ?? {}) as { code?: unknown; message?: unknown; type?: string };
  state.error = { code: reported.code, message: reported.message, type: reported.type };
});
smartConnect.onConnectionReady(async (connection) => {
  try {
    const session = connection.getSession();
    connectImageStream(session);
    state.opened = await session.call('pv.proxy.manager.create.reader', [parameters.get('file') ?? '']);
    const view = vtkRemoteView.newInstance({ rpcWheelEvent: 'viewport.mouse.zoom.wheel' });
    view.setContainer(container);
    view.setSession(session);
    view.setViewId('-1');
    view.getViewStream().onImageReady((event: { metadata: { size: [number, number] } }) => {
      state.frames++;
      state.frameSizes.push(event.metadata.size);
      state.lastFrameAt = performance.now();
    });
    view.render();
    state.status = 'ready';
  } catch (error) {
    state.status = 'failed';
    state.error = { message: error instanceof Error ? error.message : JSON.stringify(error) };
  }
});
smartConnect.connect();
