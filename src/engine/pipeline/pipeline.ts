/**
 * A pipeline: a DAG of readers, sources and filters with cached outputs, re-executing a node
 * only when its properties or an upstream output changed (VTK's modification-time rule).
 *
 * State per node: `modified` is bumped by property and input changes; `executedAt` records the
 * clock when its output was made. `update(id)` first updates the inputs, then re-executes the
 * node when it was modified after its last execution or any input was re-executed since.
 * `executedAt` is the clock when the execution *started*, so a change made while a node runs
 * leaves it out of date. Concurrent updates share one execution unless the pipeline was changed
 * after that execution was requested; then the later update runs after it and re-validates.
 * The session server reuses this class.
 */
import { resolve } from 'node:path';
import { PipelineError, throwIfAborted } from '../../errors.js';
import type { DataObject } from '../data/dataset.js';
import { getFilter } from '../filters/catalogue.js';
import { executeFilter } from '../filters/off-thread.js';
import type { FilterContext } from '../filters/types.js';
import { readDataFileOffThread } from '../io/read-off-thread.js';
import { readDataFile } from '../io/registry.js';
import type { ReadOptions } from '../io/types.js';
import {
  checkAcyclic,
  checkNodeProperties,
  inputLimits,
  type NodeSpec,
  type PipelineSpec,
  READER_TYPE,
} from './spec.js';

export interface UpdateResult {
  output: DataObject;
  /** Seconds this node's own execution took (0 when the cached output was returned). */
  seconds: number;
  /** Whether the node executed in this update (false: cached). */
  executed: boolean;
  /** For readers: the format id of the file. */
  format?: string;
}

export interface NodeTiming {
  id: string;
  type: string;
  /** Seconds of the node's last execution. */
  seconds: number;
  executions: number;
}

interface NodeState {
  spec: NodeSpec;
  modified: number;
  executedAt: number;
  output?: DataObject;
  format?: string;
  seconds: number;
  executions: number;
  running?: Promise<UpdateResult>;
  /** Value of the pipeline's change counter when `running` was requested. */
  runningSince?: number;
}

export interface PipelineOptions {
  /** Directory that Reader FileNames are relative to. */
  baseDirectory?: string;
  /** Context passed to every filter (workers, progress). */
  context?: FilterContext;
  /** Asked before a Reader reads a file named inside another one (see ReadOptions). */
  admitReference?: ReadOptions['admitReference'];
  /**
   * Run filters that would hold the calling thread for long in a pool worker instead (see
   * `executeFilter`): what a server sharing its event loop between clients wants.
   */
  keepThreadFree?: boolean;
}

export class Pipeline {
  readonly baseDirectory: string;
  #nodes = new Map<string, NodeState>();
  readonly #admitReference: ReadOptions['admitReference'];
  readonly #keepThreadFree: boolean;
  #clock = 0;
  /** Counts structural and property changes (not executions): shared runs must predate none. */
  #changes = 0;
  #context: FilterContext;
  outputs: string[];

  constructor(spec: PipelineSpec, options: PipelineOptions = {}) {
    this.baseDirectory = options.baseDirectory ?? process.cwd();
    this.#context = options.context ?? {};
    this.#admitReference = options.admitReference;
    this.#keepThreadFree = options.keepThreadFree ?? false;
    for (const node of spec.nodes) this.#nodes.set(node.id, this.#state(node));
    this.outputs = [...spec.outputs];
  }

  #state(spec: NodeSpec): NodeState {
    return { spec: structuredClone(spec), modified: ++this.#clock, executedAt: 0, seconds: 0, executions: 0 };
  }

  #get(id: string): NodeState {
    const node = this.#nodes.get(id);
    if (!node) throw new PipelineError(`no node '${id}' in the pipeline`);
    return node;
  }

  get nodeIds(): string[] {
    return [...this.#nodes.keys()];
  }

  node(id: string): Readonly<NodeSpec> {
    return this.#get(id).spec;
  }

  /** Adds a node (its inputs must exist); it executes on the next update. */
  addNode(spec: NodeSpec): void {
    if (this.#nodes.has(spec.id)) throw new PipelineError(`duplicate node id '${spec.id}'`);
    for (const input of spec.inputs) this.#get(input);
    const limits = inputLimits(spec.type);
    if (spec.inputs.length < limits.min || spec.inputs.length > limits.max) {
      throw new PipelineError(
        `node '${spec.id}' (${spec.type}) takes ${limits.min}–${limits.max} input(s), got ${spec.inputs.length}`,
      );
    }
    checkNodeProperties(spec);
    this.#nodes.set(spec.id, this.#state(spec));
    this.#changes++;
  }

  /** Removes a node that no other node reads. */
  removeNode(id: string): void {
    this.#get(id);
    for (const node of this.#nodes.values()) {
      if (node.spec.inputs.includes(id))
        throw new PipelineError(`node '${node.spec.id}' still reads '${id}'`);
    }
    this.#nodes.delete(id);
    this.#changes++;
    this.outputs = this.outputs.filter((o) => o !== id);
  }

  /** Replaces some properties of a node (others keep their values); marks it modified. */
  setProperties(id: string, properties: Record<string, unknown>): void {
    const node = this.#get(id);
    const next = { ...node.spec, properties: { ...node.spec.properties, ...properties } };
    checkNodeProperties(next);
    node.spec = next;
    node.modified = ++this.#clock;
    this.#changes++;
  }

  /** Rewires a node's inputs; marks it modified. */
  setInputs(id: string, inputs: string[]): void {
    const node = this.#get(id);
    for (const input of inputs) this.#get(input);
    const limits = inputLimits(node.spec.type);
    if (inputs.length < limits.min || inputs.length > limits.max) {
      throw new PipelineError(
        `node '${id}' (${node.spec.type}) takes ${limits.min}–${limits.max} input(s), got ${inputs.length}`,
      );
    }
    const previous = node.spec.inputs;
    node.spec = { ...node.spec, inputs: [...inputs] };
    try {
      checkAcyclic([...this.#nodes.values()].map((n) => n.spec));
    } catch (error) {
      node.spec = { ...node.spec, inputs: previous };
      throw error;
    }
    node.modified = ++this.#clock;
    this.#changes++;
  }

  /** Brings node `id` up to date and returns its output. */
  update(id: string, context: FilterContext = this.#context): Promise<UpdateResult> {
    const node = this.#get(id);
    if (node.running && node.runningSince === this.#changes) return node.running;
    const previous = node.running;
    const run = (previous ? previous.catch(() => undefined) : Promise.resolve()).then(() =>
      this.#update(node, context),
    );
    node.running = run;
    node.runningSince = this.#changes;
    const clear = () => {
      if (node.running === run) node.running = undefined;
    };
    run.then(clear, clear);
    return run;
  }

  async #update(node: NodeState, context: FilterContext): Promise<UpdateResult> {
    const inputs: DataObject[] = [];
    let newestInput = 0;
    for (const input of node.spec.inputs) {
      const result = await this.update(input, context);
      inputs.push(result.output);
      newestInput = Math.max(newestInput, this.#get(input).executedAt);
    }
    throwIfAborted(context.signal);
    if (node.output && node.executedAt > node.modified && node.executedAt > newestInput) {
      return { output: node.output, seconds: 0, executed: false, format: node.format };
    }
    const started = performance.now();
    const startedAt = ++this.#clock;
    const { output, format } = await this.#execute(node, inputs, context);
    node.output = output;
    node.format = format;
    node.seconds = (performance.now() - started) / 1000;
    node.executions++;
    node.executedAt = startedAt;
    return { output, seconds: node.seconds, executed: true, format };
  }

  async #execute(
    node: NodeState,
    inputs: DataObject[],
    context: FilterContext,
  ): Promise<{ output: DataObject; format?: string }> {
    const { spec } = node;
    if (spec.type === READER_TYPE) {
      const file = resolve(this.baseDirectory, String(spec.properties.FileName));
      const read = this.#keepThreadFree ? readDataFileOffThread : readDataFile;
      const { data, format } = await read(file, {
        signal: context.signal,
        ...(this.#admitReference && { admitReference: this.#admitReference }),
      });
      return { output: await this.#step(data, Number(spec.properties.TimeValue ?? 0)), format };
    }
    const definition = getFilter(spec.type);
    if (!definition) throw new PipelineError(`node '${spec.id}': unknown type '${spec.type}'`);
    // Filters work on datasets: a time series input gives them its current step.
    const ready = await Promise.all(inputs.map((input) => this.#step(input, 0)));
    return {
      output: this.#keepThreadFree
        ? await executeFilter(definition, ready, spec.properties, context)
        : await definition.execute(ready, spec.properties, context),
    };
  }

  /** The step of a time series nearest `time` (other data objects as they are). */
  async #step(data: DataObject, time: number): Promise<DataObject> {
    if (data.type !== 'TimeSeries' || data.steps.length === 0) return data;
    let best = data.steps[0];
    for (const step of data.steps) if (Math.abs(step.time - time) < Math.abs(best.time - time)) best = step;
    return best.load();
  }

  /** Timing of every node's last execution, in node order. */
  timings(): NodeTiming[] {
    return [...this.#nodes.values()].map((n) => ({
      id: n.spec.id,
      type: n.spec.type,
      seconds: n.seconds,
      executions: n.executions,
    }));
  }
}
