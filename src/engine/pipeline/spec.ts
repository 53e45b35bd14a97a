/**
 * Pipeline files: `{"nodes":[{"id","type","inputs":[ids],"properties":{…}}],"outputs":[ids]}`,
 * the `periscope run` input, with ParaView's filter and property names: the spec's types and
 * the graph checks (unique ids, known types, inputs that exist and fit the filter's input count,
 * outputs that exist, no cycles, every node's properties against its schema). Parsing a document
 * is in `parse.ts`, apart, so that code needing only the checks (a session) does not load zod.
 * Every problem is a PipelineError (or PropertyError) naming the node.
 */
import { PipelineError, PropertyError } from '../../errors.js';
import { getFilter } from '../filters/catalogue.js';
import { resolveProperties } from '../filters/properties.js';
import type { PropertySchema } from '../filters/types.js';

/** The node type that reads a file (FileName relative to the pipeline file). */
export const READER_TYPE = 'Reader';

export const READER_PROPERTIES: readonly PropertySchema[] = [
  { name: 'FileName', doc: 'Data file, relative to the pipeline file.', type: 'string', default: '' },
  { name: 'TimeValue', doc: 'Time step to load from a time series (nearest).', type: 'number', default: 0 },
];

export interface NodeSpec {
  id: string;
  type: string;
  inputs: string[];
  properties: Record<string, unknown>;
}

export interface PipelineSpec {
  nodes: NodeSpec[];
  outputs: string[];
}

/** Input count limits of a node type. */
export function inputLimits(type: string): { min: number; max: number } {
  if (type === READER_TYPE) return { min: 0, max: 0 };
  const definition = getFilter(type);
  if (!definition) throw new PipelineError(`unknown node type '${type}'`);
  return definition.inputs;
}

/** Validates one node's properties against its schema, naming the node on failure. */
export function checkNodeProperties(node: NodeSpec): void {
  const schema = node.type === READER_TYPE ? READER_PROPERTIES : getFilter(node.type)?.properties;
  if (!schema) throw new PipelineError(`node '${node.id}': unknown type '${node.type}'`);
  try {
    resolveProperties(node.type, schema, node.properties);
  } catch (error) {
    if (error instanceof PropertyError) {
      throw new PropertyError(
        `${node.type}[${node.id}]`,
        error.property,
        error.message.slice(error.owner.length + error.property.length + 3),
      );
    }
    throw error;
  }
  if (node.type === READER_TYPE && !node.properties.FileName) {
    throw new PropertyError(`Reader[${node.id}]`, 'FileName', 'is required');
  }
}

/** Throws PipelineError when the graph has a cycle (naming a node on it). */
export function checkAcyclic(nodes: readonly NodeSpec[]): void {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, path: string[]) => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') {
      throw new PipelineError(`cycle in pipeline: ${[...path.slice(path.indexOf(id)), id].join(' → ')}`);
    }
    state.set(id, 'visiting');
    for (const input of byId.get(id)?.inputs ?? []) visit(input, [...path, id]);
    state.set(id, 'done');
  };
  for (const node of nodes) visit(node.id, []);
}

export function checkGraph(spec: PipelineSpec): void {
  const ids = new Set<string>();
  for (const node of spec.nodes) {
    if (ids.has(node.id)) throw new PipelineError(`duplicate node id '${node.id}'`);
    ids.add(node.id);
  }
  for (const node of spec.nodes) {
    let limits: { min: number; max: number };
    try {
      limits = inputLimits(node.type);
    } catch {
      throw new PipelineError(`node '${node.id}': unknown type '${node.type}'`);
    }
    for (const input of node.inputs) {
      if (!ids.has(input)) throw new PipelineError(`node '${node.id}': input '${input}' is not a node`);
    }
    if (node.inputs.length < limits.min || node.inputs.length > limits.max) {
      const expected = limits.min === limits.max ? `${limits.min}` : `${limits.min}–${limits.max}`;
      throw new PipelineError(
        `node '${node.id}' (${node.type}) takes ${expected} input(s), got ${node.inputs.length}`,
      );
    }
    checkNodeProperties(node);
  }
  for (const output of spec.outputs) {
    if (!ids.has(output)) throw new PipelineError(`output '${output}' is not a node`);
  }
  checkAcyclic(spec.nodes);
}
