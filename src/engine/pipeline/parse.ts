/**
 * Parsing pipeline documents: the shape is checked with zod, then the graph with `checkGraph`
 * (spec.ts). A malformed document is a PipelineError naming where it went wrong.
 */
import { z } from 'zod';
import { PipelineError } from '../../errors.js';
import { checkGraph, type PipelineSpec } from './spec.js';

const nodeSchema = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  inputs: z.array(z.string()).default([]),
  properties: z.record(z.string(), z.unknown()).default({}),
});

const specSchema = z.object({
  nodes: z.array(nodeSchema).min(1),
  outputs: z.array(z.string()).min(1),
});

/** Parses and validates a pipeline document (already JSON-decoded). */
export function parsePipelineSpec(document: unknown): PipelineSpec {
  const parsed = specSchema.safeParse(document);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PipelineError(`malformed pipeline at ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const spec: PipelineSpec = parsed.data;
  checkGraph(spec);
  return spec;
}

/** Parses pipeline JSON text (a syntax error is a PipelineError). */
export function parsePipelineText(text: string, source = 'pipeline'): PipelineSpec {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new PipelineError(`${source}: not valid JSON (${(error as Error).message})`);
  }
  return parsePipelineSpec(document);
}
