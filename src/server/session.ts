/**
 * The session's visualization state, independent of the wire: the pipeline (engine `Pipeline`,
 * cached DAG), each node's display name and representation, the current time, and the undo
 * history of edits. Methods validate first and change nothing on failure; every change is
 * announced to `onChange` listeners (the server broadcasts them to all clients).
 */
import type { DataObject } from '../engine/data/dataset.js';
import { type DataInfo, describeDataObject } from '../engine/describe.js';
import { getFilter } from '../engine/filters/catalogue.js';
import type { FilterContext } from '../engine/filters/types.js';
import { findReader, readDataFile } from '../engine/io/index.js';
// Not the pipeline package entry: it brings the document parser (and zod) a session never needs.
import { Pipeline, type UpdateResult } from '../engine/pipeline/pipeline.js';
import { READER_PROPERTIES, READER_TYPE } from '../engine/pipeline/spec.js';
import { FileNotFoundError, LimitError, NotFoundError, PipelineError, PropertyError } from '../errors.js';
import type { DataDirectory } from './data-directory.js';
import { EditHistory } from './history.js';
import {
  defaultRepresentation,
  type RepresentationProperties,
  resolveRepresentation,
} from './representation.js';

export interface SessionNode {
  id: string;
  /** Catalogue name (`Contour`, `Wavelet`) or `Reader`. */
  type: string;
  /** Display name in the pipeline browser (ParaView: the file name, or `Contour1`). */
  name: string;
  inputs: string[];
  properties: Record<string, unknown>;
  representation: RepresentationProperties;
}

/** What `periscope.state.save` returns and `.load` accepts. */
export interface SessionSnapshot {
  format: 'periscope-session';
  version: 1;
  nodes: SessionNode[];
  time: number;
}

export type SessionChange =
  | { kind: 'node-added'; node: SessionNode }
  | { kind: 'node-updated'; node: SessionNode }
  | { kind: 'node-removed'; id: string }
  | { kind: 'time'; time: number; index: number }
  | { kind: 'restored'; label: string };

export interface NodeEdit {
  name?: string;
  inputs?: string[];
  properties?: Record<string, unknown>;
  representation?: Record<string, unknown>;
}

export interface SessionProps {
  dataDirectory: DataDirectory;
  /** Passed to every filter (worker count). */
  filterContext?: FilterContext;
  /** Most nodes in one pipeline. */
  maxNodes?: number;
}

const ID_PATTERN = /^\w{1,64}$/;

export class Session {
  readonly dataDirectory: DataDirectory;
  readonly #pipeline: Pipeline;
  readonly #nodes = new Map<string, SessionNode>();
  readonly #history = new EditHistory<SessionSnapshot>();
  readonly #listeners = new Set<(change: SessionChange) => void>();
  /** Time values of every time-series reader, by node id. */
  readonly #timeSteps = new Map<string, number[]>();
  readonly #maxNodes: number;
  #nextId = 1;
  #time = 0;

  /** Files named inside data files (.vtm blocks, .pvd steps, pieces) stay inside the data directory too. */
  readonly #admitReference = (path: string, referencedBy: string): Promise<void> =>
    this.dataDirectory.admitReference(path, referencedBy);

  constructor(props: SessionProps) {
    this.dataDirectory = props.dataDirectory;
    this.#maxNodes = props.maxNodes ?? 1000;
    this.#pipeline = new Pipeline(
      { nodes: [], outputs: [] },
      {
        baseDirectory: props.dataDirectory.root,
        context: props.filterContext ?? {},
        admitReference: this.#admitReference,
        keepThreadFree: true,
      },
    );
  }

  onChange(listener: (change: SessionChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  nodes(): SessionNode[] {
    return [...this.#nodes.values()].map((node) => structuredClone(node));
  }

  node(id: string): SessionNode {
    const node = this.#nodes.get(String(id));
    if (!node) throw new NotFoundError('node', String(id));
    return structuredClone(node);
  }

  /** Opens a file of the data directory (jailed) as a Reader node. */
  async openFile(relativePath: unknown, name?: string): Promise<SessionNode> {
    // A series label such as `step_..vtu` names no file; its folder must exist (and is jailed).
    let seriesLabel = false;
    const file = await this.dataDirectory.resolve(relativePath).catch((error: unknown) => {
      if (
        error instanceof FileNotFoundError &&
        typeof relativePath === 'string' &&
        relativePath.includes('..')
      ) {
        seriesLabel = true;
        return this.dataDirectory.resolve(relativePath, false);
      }
      throw error;
    });
    const relativeName = this.dataDirectory.relativeName(file);
    // Fails early for files no reader takes; the read itself happens on the first update.
    const reader = await findReader(file);
    const node = this.addNode({
      type: READER_TYPE,
      name: name ?? relativeName.split('/').at(-1),
      properties: { FileName: relativeName, TimeValue: this.#time },
    });
    const timeFormats = reader.extensions.some(
      (extension) => extension === '.pvd' || extension.endsWith('.series'),
    );
    if (seriesLabel || timeFormats) {
      const { data } = await readDataFile(file, { admitReference: this.#admitReference });
      if (data.type === 'TimeSeries')
        this.#timeSteps.set(
          node.id,
          data.steps.map((step) => step.time),
        );
    }
    return node;
  }

  /** Adds a source, filter or reader node; Reader FileNames must already be jailed relative paths. */
  addNode(spec: {
    id?: string;
    type: string;
    name?: string;
    inputs?: string[];
    properties?: Record<string, unknown>;
    representation?: Record<string, unknown>;
  }): SessionNode {
    if (this.#nodes.size >= this.#maxNodes)
      throw new LimitError(`a session holds at most ${this.#maxNodes} nodes`);
    const id = spec.id === undefined ? this.#freshId() : String(spec.id);
    if (!ID_PATTERN.test(id)) throw new PropertyError('node', 'id', `'${id}' must be 1–64 word characters`);
    if (spec.type !== READER_TYPE && !getFilter(spec.type))
      throw new PipelineError(`unknown node type '${spec.type}'`);
    const node: SessionNode = {
      id,
      type: spec.type,
      name: spec.name ?? `${spec.type}${this.#countOfType(spec.type) + 1}`,
      inputs: (spec.inputs ?? []).map(String),
      properties: structuredClone(spec.properties ?? {}),
      representation: resolveRepresentation(defaultRepresentation(), spec.representation),
    };
    const before = this.snapshot();
    this.#pipeline.addNode({ id, type: node.type, inputs: node.inputs, properties: node.properties });
    this.#nodes.set(id, node);
    // ParaView hides a filter's input when the filter is shown, so the result is visible at once.
    for (const input of node.inputs) {
      const upstream = this.#nodes.get(input);
      if (upstream) upstream.representation = { ...upstream.representation, Visibility: false };
    }
    this.#history.record(`add ${node.name}`, before);
    this.#emit({ kind: 'node-added', node: structuredClone(node) });
    for (const input of node.inputs) this.#emit({ kind: 'node-updated', node: this.node(input) });
    return structuredClone(node);
  }

  updateNode(id: string, edit: NodeEdit): SessionNode {
    const node = this.#nodes.get(String(id));
    if (!node) throw new NotFoundError('node', String(id));
    if (node.type === READER_TYPE && edit.properties?.FileName !== undefined)
      throw new PropertyError(`Reader[${id}]`, 'FileName', 'open another file instead of renaming a reader');
    const representation = edit.representation
      ? resolveRepresentation(node.representation, edit.representation)
      : node.representation;
    const before = this.snapshot();
    if (edit.properties) this.#pipeline.setProperties(node.id, edit.properties);
    if (edit.inputs) this.#pipeline.setInputs(node.id, edit.inputs.map(String));
    node.properties = { ...node.properties, ...structuredClone(edit.properties ?? {}) };
    if (edit.inputs) node.inputs = edit.inputs.map(String);
    if (edit.name !== undefined) node.name = String(edit.name);
    node.representation = representation;
    this.#history.record(`update ${node.name}`, before);
    this.#emit({ kind: 'node-updated', node: structuredClone(node) });
    return structuredClone(node);
  }

  removeNode(id: string): void {
    const node = this.#nodes.get(String(id));
    if (!node) throw new NotFoundError('node', String(id));
    const before = this.snapshot();
    this.#pipeline.removeNode(node.id);
    this.#nodes.delete(node.id);
    this.#timeSteps.delete(node.id);
    this.#history.record(`delete ${node.name}`, before);
    this.#emit({ kind: 'node-removed', id: node.id });
  }

  /** Brings a node up to date (filters run in the worker pool where they are parallel). */
  update(id: string, context: FilterContext = {}): Promise<UpdateResult> {
    if (!this.#nodes.has(String(id))) throw new NotFoundError('node', String(id));
    return this.#pipeline.update(String(id), context);
  }

  async output(id: string, context: FilterContext = {}): Promise<DataObject> {
    return (await this.update(id, context)).output;
  }

  async info(id: string, context: FilterContext = {}): Promise<DataInfo> {
    const result = await this.update(id, context);
    const node = this.#nodes.get(String(id));
    return describeDataObject(result.output, {
      ...(node?.type === READER_TYPE ? { file: String(node.properties.FileName) } : {}),
      ...(result.format ? { format: result.format } : {}),
    });
  }

  /** Every time value of every time-series reader, sorted and unique. */
  timeSteps(): number[] {
    return [...new Set([...this.#timeSteps.values()].flat())].sort((a, b) => a - b);
  }

  get time(): number {
    return this.#time;
  }

  /** Moves every reader to `time` (nearest step). Not an undoable edit, as in ParaView. */
  setTime(time: number): number {
    if (!Number.isFinite(time))
      throw new PropertyError('time', 'value', `must be a finite number, got ${time}`);
    this.#time = time;
    for (const node of this.#nodes.values()) {
      if (node.type !== READER_TYPE || node.properties.TimeValue === time) continue;
      this.#pipeline.setProperties(node.id, { TimeValue: time });
      node.properties = { ...node.properties, TimeValue: time };
    }
    this.#emit({ kind: 'time', time, index: this.timeIndex() });
    return time;
  }

  /** Index of the current time in `timeSteps()` (nearest; 0 without steps). */
  timeIndex(): number {
    const steps = this.timeSteps();
    let best = 0;
    for (let i = 1; i < steps.length; i++)
      if (Math.abs(steps[i] - this.#time) < Math.abs(steps[best] - this.#time)) best = i;
    return best;
  }

  snapshot(): SessionSnapshot {
    return { format: 'periscope-session', version: 1, nodes: this.nodes(), time: this.#time };
  }

  undo(): string | undefined {
    const entry = this.#history.undo(this.snapshot());
    if (entry) this.#apply(entry.state, `undo ${entry.label}`);
    return entry?.label;
  }

  redo(): string | undefined {
    const entry = this.#history.redo(this.snapshot());
    if (entry) this.#apply(entry.state, `redo ${entry.label}`);
    return entry?.label;
  }

  historyLabels(): { undo: string[]; redo: string[] } {
    return this.#history.labels();
  }

  /** Replaces the whole state with a saved one (validated first; an undoable edit). */
  async load(snapshot: unknown): Promise<void> {
    const checked = await this.#checkSnapshot(snapshot);
    const before = this.snapshot();
    this.#apply(checked, 'load state');
    this.#history.record('load state', before);
  }

  async #checkSnapshot(value: unknown): Promise<SessionSnapshot> {
    const snapshot = value as Partial<SessionSnapshot> | null;
    if (snapshot?.format !== 'periscope-session' || snapshot.version !== 1 || !Array.isArray(snapshot.nodes))
      throw new PipelineError('not a periscope-session state (format "periscope-session", version 1)');
    if (snapshot.nodes.length > this.#maxNodes)
      throw new LimitError(`a session holds at most ${this.#maxNodes} nodes`);
    // Trial run on a scratch pipeline: every check the real one makes, and nothing changes on failure.
    const scratch = new Pipeline({ nodes: [], outputs: [] }, { baseDirectory: this.dataDirectory.root });
    const nodes: SessionNode[] = [];
    for (const node of topologicalOrder(snapshot.nodes)) {
      if (!ID_PATTERN.test(String(node.id)))
        throw new PropertyError('node', 'id', `'${node.id}' is not a valid id`);
      if (node.type === READER_TYPE)
        await this.dataDirectory.resolve(String(node.properties?.FileName ?? ''));
      scratch.addNode({
        id: node.id,
        type: node.type,
        inputs: node.inputs ?? [],
        properties: node.properties ?? {},
      });
      nodes.push({
        id: node.id,
        type: node.type,
        name: String(node.name ?? node.id),
        inputs: [...(node.inputs ?? [])],
        properties: structuredClone(node.properties ?? {}),
        representation: resolveRepresentation(defaultRepresentation(), { ...(node.representation ?? {}) }),
      });
    }
    return { format: 'periscope-session', version: 1, nodes, time: Number(snapshot.time ?? 0) || 0 };
  }

  /** Makes the pipeline equal to `target`, keeping cached outputs of nodes that did not change. */
  #apply(target: SessionSnapshot, label: string): void {
    const wanted = new Map(target.nodes.map((node) => [node.id, node]));
    // Remove readers before their inputs: nodes nobody reads first.
    const doomed = [...this.#nodes.values()].filter((node) => wanted.get(node.id)?.type !== node.type);
    while (doomed.length > 0) {
      const index = doomed.findIndex(
        (node) => ![...this.#nodes.values()].some((other) => other.inputs.includes(node.id)),
      );
      if (index < 0) {
        // A kept node reads a doomed one: drop it as well; it is re-added from the target below.
        const reader = [...this.#nodes.values()].find(
          (other) => !doomed.includes(other) && doomed.some((node) => other.inputs.includes(node.id)),
        );
        if (!reader) throw new PipelineError('cannot restore the pipeline: a cycle among removed nodes');
        doomed.push(reader);
        continue;
      }
      const [node] = doomed.splice(index, 1);
      this.#pipeline.removeNode(node.id);
      this.#nodes.delete(node.id);
      this.#timeSteps.delete(node.id);
    }
    for (const node of topologicalOrder(target.nodes)) {
      const current = this.#nodes.get(node.id);
      if (!current) {
        this.#pipeline.addNode({
          id: node.id,
          type: node.type,
          inputs: node.inputs,
          properties: node.properties,
        });
      } else {
        const changes: Record<string, unknown> = { ...node.properties };
        for (const key of Object.keys(current.properties))
          if (!(key in node.properties)) changes[key] = defaultOf(node.type, key);
        if (JSON.stringify(changes) !== JSON.stringify(current.properties))
          this.#pipeline.setProperties(node.id, changes);
        if (JSON.stringify(current.inputs) !== JSON.stringify(node.inputs))
          this.#pipeline.setInputs(node.id, node.inputs);
      }
      this.#nodes.set(node.id, structuredClone(node));
    }
    this.#time = target.time;
    this.#emit({ kind: 'restored', label });
  }

  #freshId(): string {
    while (this.#nodes.has(String(this.#nextId))) this.#nextId++;
    return String(this.#nextId++);
  }

  #countOfType(type: string): number {
    let count = 0;
    for (const node of this.#nodes.values()) if (node.type === type) count++;
    return count;
  }

  #emit(change: SessionChange): void {
    for (const listener of this.#listeners) listener(change);
  }
}

function defaultOf(type: string, property: string): unknown {
  const schema = type === READER_TYPE ? READER_PROPERTIES : (getFilter(type)?.properties ?? []);
  return structuredClone(schema.find((entry) => entry.name === property)?.default);
}

/** Nodes ordered so that every node comes after its inputs (unknown inputs are left to the pipeline to refuse). */
function topologicalOrder<Node extends { id: string; inputs?: string[] }>(nodes: readonly Node[]): Node[] {
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const order: Node[] = [];
  const visit = (node: Node) => {
    if (done.has(node.id)) return;
    if (visiting.has(node.id)) throw new PipelineError(`cycle in pipeline at '${node.id}'`);
    visiting.add(node.id);
    for (const input of node.inputs ?? []) {
      const upstream = byId.get(input);
      if (upstream) visit(upstream);
    }
    visiting.delete(node.id);
    done.add(node.id);
    order.push(node);
  };
  for (const node of nodes) visit(node);
  return order;
}
