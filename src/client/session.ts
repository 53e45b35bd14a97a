/**
 * Typed calls for Periscope's own namespace (`periscope.*`, plus the viewport camera methods),
 * over a Connection. Long operations take `{onProgress, signal}`: the client names the operation
 * (`kwargs.operation`), follows `periscope.progress` for it and cancels it on the server when
 * the signal aborts; the call then rejects with the server's PERISCOPE_E_CANCELLED error.
 *
 * Types only are imported from the server and engine, so this module stays browser-safe.
 */
import type { DataInfo } from '../engine/describe.js';
import type { Annotation, CollaborationChange, Participant, Role } from '../server/collaboration.js';
import type { DirectoryListing } from '../server/data-directory.js';
import type { OperationProgress } from '../server/operations.js';
import type { NodeEdit, SessionChange, SessionNode, SessionSnapshot } from '../server/session.js';
import type { Connection } from './connection.js';
import type { ViewCamera } from './view-renderer.js';

export type {
  Annotation,
  CollaborationChange,
  DataInfo,
  OperationProgress,
  Participant,
  Role,
  SessionChange,
  SessionNode,
  SessionSnapshot,
};

export interface NodeSpec {
  id?: string;
  /** A source or filter of the catalogue (`periscope.filters.list`), e.g. `Wavelet`, `Contour`. */
  type: string;
  name?: string;
  inputs?: string[];
  /** ParaView property names, as in `periscope run` pipelines. */
  properties?: Record<string, unknown>;
  representation?: Record<string, unknown>;
}

/** Changes to a node (`periscope.pipeline.update`). */
export type NodeChanges = NodeEdit;

export interface OperationOptions {
  /** Progress of this operation, in [0, 1]. */
  onProgress?: (progress: number) => void;
  /** Aborting cancels the operation on the server. */
  signal?: AbortSignal;
}

export interface PropertySchemaEntry {
  name: string;
  type: string;
  default?: unknown;
  [detail: string]: unknown;
}

export interface FilterDescription {
  name: string;
  kind: 'source' | 'filter';
  description: string;
  inputs: number;
  properties: PropertySchemaEntry[];
}

export interface ScreenshotOptions {
  view?: string | number;
  width: number;
  height: number;
  format?: 'png' | 'jpeg';
  quality?: number;
}

export interface ProbeResult {
  block: string[];
  pointId: number;
  point: number[];
  distance: number;
  values: Record<string, number[]>;
}

let operationCounter = 0;

export class PeriscopeSession {
  readonly connection: Connection;

  constructor(connection: Connection) {
    this.connection = connection;
  }

  // Files and pipeline.
  listFiles(path = '.'): Promise<DirectoryListing> {
    return this.#call('periscope.file.list', [path]);
  }
  openFile(
    path: string,
    options: OperationOptions & { name?: string } = {},
  ): Promise<{ node: SessionNode; info: DataInfo }> {
    const { name, ...operation } = options;
    return this.#operation('periscope.file.open', [path, name === undefined ? {} : { name }], operation);
  }
  nodes(): Promise<SessionNode[]> {
    return this.#call('periscope.pipeline.list');
  }
  addNode(spec: NodeSpec): Promise<SessionNode> {
    return this.#call('periscope.pipeline.add', [spec]);
  }
  updateNode(id: string, changes: NodeChanges): Promise<SessionNode> {
    return this.#call('periscope.pipeline.update', [id, changes]);
  }
  async removeNode(id: string): Promise<void> {
    await this.#call('periscope.pipeline.remove', [id]);
  }
  /** Brings a node up to date and describes its output (`periscope info --json`'s fields). */
  info(id: string, options: OperationOptions = {}): Promise<DataInfo> {
    return this.#operation('periscope.pipeline.info', [id], options);
  }
  undo(): Promise<{ label: string | null; history: unknown }> {
    return this.#call('periscope.pipeline.undo');
  }
  redo(): Promise<{ label: string | null; history: unknown }> {
    return this.#call('periscope.pipeline.redo');
  }
  filters(): Promise<FilterDescription[]> {
    return this.#call('periscope.filters.list');
  }
  representationSchema(): Promise<{ representation: PropertySchemaEntry[]; reader: PropertySchemaEntry[] }> {
    return this.#call('periscope.representation.schema');
  }

  // Time.
  time(): Promise<{ steps: number[]; time: number; index: number }> {
    return this.#call('periscope.time.get');
  }
  setTime(time: number): Promise<{ time: number; index: number }> {
    return this.#call('periscope.time.set', [time]);
  }

  // Data out, state, probing.
  exportData(
    id: string,
    options: OperationOptions & { extension?: string } = {},
  ): Promise<{ fileName: string; bytes: Uint8Array }> {
    const { extension, ...operation } = options;
    return this.#operation(
      'periscope.data.export',
      [id, extension === undefined ? {} : { extension }],
      operation,
    );
  }
  saveState(): Promise<SessionSnapshot> {
    return this.#call('periscope.state.save');
  }
  loadState(state: SessionSnapshot): Promise<SessionNode[]> {
    return this.#call('periscope.state.load', [state]);
  }
  probe(
    id: string,
    position: [number, number, number],
    options: OperationOptions = {},
  ): Promise<ProbeResult | null> {
    return this.#operation('periscope.probe', [id, position], options);
  }

  // Views.
  /** What lies under (x, y) ∈ [0, 1]² of the view (origin bottom-left, as mouse events), or null. */
  pick(
    x: number,
    y: number,
    view: string | number = -1,
  ): Promise<{
    node: string;
    name: string;
    cellId: number;
    pointId: number | null;
    worldPosition: [number, number, number];
    probe: ProbeResult | null;
  } | null> {
    return this.#call('periscope.pick', [{ view, x, y }]);
  }
  screenshot(
    options: ScreenshotOptions,
  ): Promise<{ image: Uint8Array; format: string; size: [number, number] }> {
    return this.#call('periscope.screenshot', [options]);
  }
  camera(view: string | number = -1): Promise<ViewCamera> {
    return this.#call('viewport.camera.get', [view]);
  }
  async resetCamera(view: string | number = -1): Promise<void> {
    await this.#call('viewport.camera.reset', [view]);
  }
  async setCamera(camera: ViewCamera, view: string | number = -1): Promise<void> {
    await this.#call('viewport.camera.update', [view, camera.focalPoint, camera.viewUp, camera.position]);
  }

  // Collaboration.
  participants(): Promise<Participant[]> {
    return this.#call('periscope.collaboration.participants');
  }
  me(): Promise<Participant> {
    return this.#call('periscope.collaboration.me');
  }
  setProfile(profile: { name?: string; color?: string }): Promise<Participant> {
    return this.#call('periscope.collaboration.profile', [profile]);
  }
  async setRole(clientId: string, role: Role): Promise<void> {
    await this.#call('periscope.collaboration.role.set', [clientId, role]);
  }
  annotations(): Promise<Annotation[]> {
    return this.#call('periscope.annotation.list');
  }
  addAnnotation(text: string, position: [number, number, number]): Promise<Annotation> {
    return this.#call('periscope.annotation.add', [text, position]);
  }

  // Topics.
  onPipelineChange(listener: (change: SessionChange) => void): () => void {
    return this.connection.subscribe('periscope.pipeline.changed', (payload) =>
      listener(payload as SessionChange),
    );
  }
  onCollaborationChange(listener: (change: CollaborationChange) => void): () => void {
    return this.connection.subscribe('periscope.collaboration.changed', (payload) =>
      listener(payload as CollaborationChange),
    );
  }
  onProgress(listener: (event: OperationProgress) => void): () => void {
    return this.connection.subscribe('periscope.progress', (payload) =>
      listener(payload as OperationProgress),
    );
  }

  #call<Result>(method: string, args: unknown[] = []): Promise<Result> {
    return this.connection.call<Result>(method, args);
  }

  async #operation<Result>(method: string, args: unknown[], options: OperationOptions): Promise<Result> {
    if (!options.onProgress && !options.signal) return this.#call(method, args);
    options.signal?.throwIfAborted();
    const operation = `c${Date.now().toString(36)}${(operationCounter++).toString(36)}`;
    const stopProgress = options.onProgress
      ? this.onProgress((event) => {
          if (event.operation === operation) options.onProgress?.(event.progress);
        })
      : undefined;
    const cancel = () => {
      void this.connection.call('periscope.operation.cancel', [operation]).catch(() => {
        // Already finished: nothing to cancel.
      });
    };
    options.signal?.addEventListener('abort', cancel, { once: true });
    try {
      return await this.connection.call<Result>(method, args, { operation });
    } finally {
      options.signal?.removeEventListener('abort', cancel);
      stopProgress?.();
    }
  }
}
