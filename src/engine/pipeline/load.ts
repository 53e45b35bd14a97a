/** Reading a pipeline file from disk: its Reader paths are relative to its directory. */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { FileNotFoundError } from '../../errors.js';
import type { FilterContext } from '../filters/types.js';
import { parsePipelineText } from './parse.js';
import { Pipeline } from './pipeline.js';

export async function loadPipelineFile(path: string, context: FilterContext = {}): Promise<Pipeline> {
  const file = resolve(path);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new FileNotFoundError(file);
    throw error;
  }
  return new Pipeline(parsePipelineText(text, file), { baseDirectory: dirname(file), context });
}
