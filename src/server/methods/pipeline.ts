/**
 * `periscope.*` pipeline methods: files, nodes (the `periscope run` vocabulary: id, type, inputs,
 * properties), schemas, dataset information, time, export, state, probing, undo/redo and the
 * cancellation of long operations.
 */
import { randomUUID } from 'node:crypto';
import { readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { DataObject } from '../../engine/data/dataset.js';
import { getPoint, leaves, numberOfPoints } from '../../engine/data/queries.js';
import { listFilters } from '../../engine/filters/catalogue.js';
import { writeDataFile } from '../../engine/io/index.js';
import { READER_PROPERTIES } from '../../engine/pipeline/spec.js';
import { LimitError, PropertyError, UnsupportedFormatError } from '../../errors.js';
import {
  asOperation,
  define,
  numberArgument,
  objectArgument,
  requireEditor,
  type SessionContext,
  stringArgument,
} from '../context.js';
import { REPRESENTATION_SCHEMA } from '../representation.js';

/** Largest export returned in one reply. */
const MAX_EXPORT_BYTES = 256 * 1024 * 1024;

const EXTENSION_BY_TYPE: Record<string, string> = {
  PolyData: 'vtp',
  UnstructuredGrid: 'vtu',
  ImageData: 'vti',
  RectilinearGrid: 'vtr',
  StructuredGrid: 'vts',
};

export function registerPipelineMethods(context: SessionContext): void {
  const { session } = context;
  const nodeArg = { name: 'id', type: 'string', description: 'pipeline node id' };

  define(
    context,
    'periscope.filters.list',
    'Sources and filters of the catalogue with their property schemas.',
    [],
    () =>
      listFilters().map((filter) => ({
        name: filter.name,
        kind: filter.kind,
        description: filter.description,
        inputs: filter.inputs,
        properties: filter.properties,
      })),
  );
  define(
    context,
    'periscope.representation.schema',
    'Representation properties (display of a node) with their schema.',
    [],
    () => ({
      representation: REPRESENTATION_SCHEMA,
      reader: READER_PROPERTIES,
    }),
  );
  define(
    context,
    'periscope.file.list',
    'Lists a directory of the data directory: {label, path, dirs, files[{label,size}], groups}.',
    [{ name: 'path', type: 'string', optional: true, description: 'relative to the data directory' }],
    ({ args }) => session.dataDirectory.list(args[0] === undefined ? '.' : String(args[0])),
  );
  define(
    context,
    'periscope.file.open',
    'Opens a data file (relative path) as a Reader node and reads it; returns {node, info}.',
    [
      { name: 'path', type: 'string' },
      { name: 'options', type: '{name?}', optional: true },
    ],
    async (call) => {
      requireEditor(context, call);
      const options = objectArgument(call, 1, 'options');
      const node = await session.openFile(
        call.args[0],
        options.name === undefined ? undefined : String(options.name),
      );
      try {
        const info = await asOperation(context, call, (operation) => session.info(node.id, operation));
        return { node, info };
      } catch (error) {
        // A file that cannot be read leaves no node behind; the session carries on.
        session.removeNode(node.id);
        throw error;
      }
    },
  );
  define(
    context,
    'periscope.pipeline.list',
    'Every pipeline node with its properties and representation.',
    [],
    () => session.nodes(),
  );
  define(
    context,
    'periscope.pipeline.add',
    'Adds a source or filter node: {id?, type, inputs?, properties?, name?, representation?}.',
    [{ name: 'node', type: '{id?, type, inputs?, properties?, name?, representation?}' }],
    (call) => {
      requireEditor(context, call);
      const spec = objectArgument(call, 0, 'node');
      if (spec.type === 'Reader')
        throw new PropertyError(call.method, 'type', 'open files with periscope.file.open');
      return session.addNode({
        ...(spec.id !== undefined && { id: String(spec.id) }),
        type: String(spec.type),
        ...(spec.name !== undefined && { name: String(spec.name) }),
        inputs: Array.isArray(spec.inputs) ? spec.inputs.map(String) : [],
        properties: (spec.properties ?? {}) as Record<string, unknown>,
        representation: (spec.representation ?? {}) as Record<string, unknown>,
      });
    },
  );
  define(
    context,
    'periscope.pipeline.update',
    'Changes a node: {properties?, inputs?, name?, representation?}; returns the node.',
    [nodeArg, { name: 'changes', type: '{properties?, inputs?, name?, representation?}' }],
    (call) => {
      requireEditor(context, call);
      const changes = objectArgument(call, 1, 'changes');
      return session.updateNode(stringArgument(call, 0, 'id'), {
        ...(changes.properties !== undefined && {
          properties: objectArgument({ ...call, args: [changes.properties] }, 0, 'properties'),
        }),
        ...(Array.isArray(changes.inputs) && { inputs: changes.inputs.map(String) }),
        ...(changes.name !== undefined && { name: String(changes.name) }),
        ...(changes.representation !== undefined && {
          representation: objectArgument({ ...call, args: [changes.representation] }, 0, 'representation'),
        }),
      });
    },
  );
  define(context, 'periscope.pipeline.remove', 'Removes a node no other node reads.', [nodeArg], (call) => {
    requireEditor(context, call);
    session.removeNode(stringArgument(call, 0, 'id'));
    return null;
  });
  define(
    context,
    'periscope.pipeline.info',
    'Brings a node up to date and describes its output (type, counts, bounds, arrays with ranges); progress on periscope.progress.',
    [nodeArg],
    (call) =>
      asOperation(context, call, (operation) => session.info(stringArgument(call, 0, 'id'), operation)),
  );
  define(
    context,
    'periscope.pipeline.undo',
    'Undoes the last pipeline edit; returns {label, history}.',
    [],
    (call) => {
      requireEditor(context, call);
      return { label: session.undo() ?? null, history: session.historyLabels() };
    },
  );
  define(
    context,
    'periscope.pipeline.redo',
    'Redoes the last undone edit; returns {label, history}.',
    [],
    (call) => {
      requireEditor(context, call);
      return { label: session.redo() ?? null, history: session.historyLabels() };
    },
  );
  define(
    context,
    'periscope.pipeline.history',
    'Labels of the edits that can be undone and redone.',
    [],
    () => session.historyLabels(),
  );
  define(context, 'periscope.time.get', 'Time steps and the current time: {steps, time, index}.', [], () => ({
    steps: session.timeSteps(),
    time: session.time,
    index: session.timeIndex(),
  }));
  define(
    context,
    'periscope.time.set',
    'Moves every reader to a time value; returns {time, index}.',
    [{ name: 'time', type: 'number' }],
    (call) => {
      requireEditor(context, call);
      session.setTime(numberArgument(call, 0, 'time'));
      return { time: session.time, index: session.timeIndex() };
    },
  );
  define(
    context,
    'periscope.data.export',
    "Writes a node's output as VTK XML (or the format of `extension`) and returns {fileName, bytes}.",
    [
      nodeArg,
      {
        name: 'options',
        type: '{extension?: "vtu"|"vtp"|"vti"|"vtr"|"vts"|"vtk"|"stl"|"ply"}',
        optional: true,
      },
    ],
    (call) =>
      asOperation(context, call, async (operation) => {
        const id = stringArgument(call, 0, 'id');
        const options = objectArgument(call, 1, 'options');
        const data = await session.output(id, operation);
        const extension =
          options.extension === undefined ? EXTENSION_BY_TYPE[data.type] : String(options.extension);
        if (!extension || !/^[a-z0-9]{1,8}$/.test(extension))
          throw new UnsupportedFormatError(
            `${id}`,
            `a ${data.type} has no single-file export; pass options.extension`,
          );
        const file = join(context.scratchDirectory, `${randomUUID()}.${extension}`);
        try {
          await writeDataFile(file, data, { signal: operation.signal });
          const size = (await stat(file)).size;
          if (size > MAX_EXPORT_BYTES)
            throw new LimitError(`export of '${id}' is ${size} bytes (limit ${MAX_EXPORT_BYTES})`);
          return {
            fileName: `${session.node(id).name.replace(/\.[^.]*$/, '')}.${extension}`,
            bytes: await readFile(file),
          };
        } finally {
          await rm(file, { force: true });
        }
      }),
  );
  define(
    context,
    'periscope.state.save',
    'The session state (pipeline, representations, time) as JSON.',
    [],
    () => session.snapshot(),
  );
  define(
    context,
    'periscope.state.load',
    'Replaces the session state with a saved one (undoable).',
    [{ name: 'state', type: 'object' }],
    async (call) => {
      requireEditor(context, call);
      await session.load(call.args[0]);
      return session.nodes();
    },
  );
  define(
    context,
    'periscope.probe',
    "Values of a node's point arrays at the data point nearest a world position: {pointId, point, distance, values}.",
    [nodeArg, { name: 'position', type: '[x, y, z]' }],
    (call) =>
      asOperation(context, call, async (operation) => {
        const position = call.args[1];
        if (!Array.isArray(position) || position.length !== 3 || !position.every(Number.isFinite))
          throw new PropertyError(call.method, 'position', 'must be three finite numbers');
        return probe(await session.output(stringArgument(call, 0, 'id'), operation), position as number[]);
      }),
  );
  define(
    context,
    'periscope.operation.cancel',
    'Cancels a running operation started by this client.',
    [{ name: 'operation', type: 'string' }],
    (call) => {
      const force = context.collaboration.participant(call.connection.clientId).role === 'owner';
      context.operations.cancel(stringArgument(call, 0, 'operation'), call.connection.clientId, force);
      return null;
    },
  );
}

interface ProbeResult {
  block: string[];
  pointId: number;
  point: number[];
  distance: number;
  values: Record<string, number[]>;
}

/** Nearest data point (over every block) and its point-data tuple. */
export function probe(data: DataObject, position: number[]): ProbeResult | null {
  let best: ProbeResult | null = null;
  const point: [number, number, number] = [0, 0, 0];
  for (const leaf of leaves(data)) {
    const count = numberOfPoints(leaf.data);
    for (let id = 0; id < count; id++) {
      getPoint(leaf.data, id, point);
      const distance = Math.hypot(point[0] - position[0], point[1] - position[1], point[2] - position[2]);
      if (best === null || distance < best.distance)
        best = { block: leaf.path, pointId: id, point: [...point], distance, values: {} };
    }
  }
  if (best === null) return null;
  for (const leaf of leaves(data)) {
    if (leaf.path.join('/') !== best.block.join('/')) continue;
    for (const array of leaf.data.pointData.dataArrays)
      best.values[array.name] = array.getTuple(best.pointId);
  }
  return best;
}
