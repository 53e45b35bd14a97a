/**
 * The automatic choice between remote and local rendering: `createViewRenderer(props)` asks the
 * server which renderer the view should use (`periscope.view.delivery.get`: by geometry size
 * against the session's threshold, or the view's own setting) and shows the view with a
 * `LocalRenderer` or a `RemoteRenderer`. The returned `AutoRenderer` keeps asking after every
 * pipeline change and delivery-setting change and swaps renderers when the answer changes
 * (`follow: false` keeps the first choice).
 *
 * State: choosing ─first choice─► showing(local|remote) ─choice changes─► switching ─► showing;
 * dispose() from any state. A switch disposes the old renderer before the new one takes the
 * element, so only one canvas is ever in it.
 */
import { DELIVERY_TOPIC, PIPELINE_TOPIC } from '../server/geometry-delivery/messages.js';
import type { Connection } from './connection.js';
import { LocalRenderer, type LocalRendererProps } from './local-renderer.js';
import { RemoteRenderer, type RemoteRendererProps } from './remote-renderer.js';
import { queryRenderMode, type RenderModeChoice } from './render-mode.js';
import type { RenderMode, ViewRenderer, ViewRendererProps } from './view-renderer.js';

export interface AutoRendererProps extends ViewRendererProps {
  /** Extra props of the LocalRenderer when local rendering is chosen. */
  local?: Omit<LocalRendererProps, keyof ViewRendererProps>;
  /** Extra props of the RemoteRenderer when remote rendering is chosen. */
  remote?: Omit<RemoteRendererProps, keyof ViewRendererProps>;
  /** Switch renderers when the server's choice changes (default true). */
  follow?: boolean;
  /** Called after each switch (and after the first choice) with the mode and the server's reason. */
  onChoice?: (choice: RenderModeChoice) => void;
  /** Failures of background re-choices and switches; default console.error. */
  onError?: (error: Error) => void;
}

export class AutoRenderer implements ViewRenderer {
  readonly element: HTMLElement;
  readonly #props: AutoRendererProps;
  readonly #connection: Connection;
  readonly #cleanups: (() => void)[] = [];
  readonly #ready: Promise<void>;
  #current: ViewRenderer | undefined;
  #choice: RenderModeChoice | undefined;
  #choosing: Promise<void> | undefined;
  #chooseAgain = false;
  #disposed = false;

  constructor(props: AutoRendererProps) {
    this.element = props.element;
    this.#props = props;
    this.#connection = props.connection;
    if (props.follow ?? true) {
      const rechoose = () => {
        this.#rechoose().catch((error: unknown) => this.#report(error));
      };
      this.#cleanups.push(
        this.#connection.subscribe(PIPELINE_TOPIC, rechoose),
        this.#connection.subscribe(DELIVERY_TOPIC, (payload) => {
          const change = payload as { view?: unknown } | null;
          const view = String(this.#choice?.delivery?.view ?? this.#props.view ?? -1);
          if (String(change?.view) === view) rechoose();
        }),
      );
    }
    this.#ready = this.#rechoose().then(() => this.#current?.ready());
    // A caller that never asks for ready() must not see an unhandled rejection.
    this.#ready.catch(() => {});
  }

  /** The renderer showing the view now. */
  get current(): ViewRenderer | undefined {
    return this.#current;
  }

  get mode(): RenderMode {
    return this.#current?.mode ?? 'remote';
  }

  /** The server's latest answer. */
  get choice(): RenderModeChoice | undefined {
    return this.#choice;
  }

  ready(): Promise<void> {
    return this.#ready;
  }

  async refresh(): Promise<void> {
    await this.#rechoose();
    await this.#current?.refresh();
  }

  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    for (const cleanup of this.#cleanups.splice(0)) cleanup();
    await this.#choosing?.catch(() => {});
    await this.#current?.dispose();
    this.#current = undefined;
  }

  /** Asks the server again (calls made meanwhile coalesce into one more) and switches if needed. */
  #rechoose(): Promise<void> {
    if (this.#choosing) {
      this.#chooseAgain = true;
      return this.#choosing;
    }
    const run = async () => {
      do {
        this.#chooseAgain = false;
        const choice = await queryRenderMode(this.#connection, this.#props.view ?? -1);
        if (this.#disposed) return;
        this.#choice = choice;
        if (this.#current?.mode === choice.use) continue;
        await this.#current?.dispose();
        this.#current = this.#build(choice.use);
        this.#props.onChoice?.(choice);
      } while (this.#chooseAgain && !this.#disposed);
    };
    this.#choosing = run().finally(() => {
      this.#choosing = undefined;
    });
    return this.#choosing;
  }

  #build(mode: RenderMode): ViewRenderer {
    const base: ViewRendererProps = {
      connection: this.#connection,
      element: this.element,
      ...(this.#props.view !== undefined && { view: this.#props.view }),
    };
    return mode === 'local'
      ? new LocalRenderer({ ...this.#props.local, ...base })
      : new RemoteRenderer({ ...this.#props.remote, ...base });
  }

  #report(error: unknown): void {
    if (this.#disposed) return;
    const report = this.#props.onError ?? ((failure: Error) => console.error('AutoRenderer', failure));
    report(error instanceof Error ? error : new Error(String(error)));
  }
}

/**
 * Shows a view with the renderer the server chooses for it (local for small geometry, remote
 * otherwise, or as the view is set) and resolves once the first picture is on screen.
 */
export async function createViewRenderer(props: AutoRendererProps): Promise<AutoRenderer> {
  const renderer = new AutoRenderer(props);
  try {
    await renderer.ready();
  } catch (error) {
    await renderer.dispose();
    throw error;
  }
  return renderer;
}
