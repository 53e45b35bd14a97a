/**
 * Files that name other files: resolving the names, reading the targets through the registry,
 * and refusing reference cycles (a .vtm that lists itself must fail, not recurse forever).
 */
import { stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { FileNotFoundError, ReadError, throwIfAborted } from '../../../errors.js';
import type { DataObject } from '../../data/dataset.js';
import { readDataFile } from '../registry.js';
import type { ReadOptions } from '../types.js';

/** Nesting deeper than this (a .pvd of .vtm of .vtm …) is taken for a cycle we failed to see. */
export const MAX_REFERENCE_DEPTH = 32;

/** Default number of referenced files read at the same time. */
export const DEFAULT_CONCURRENCY = 4;

export interface CollectionReadOptions extends ReadOptions {
  /** How many referenced files are read at the same time (default 4). */
  concurrency?: number;
  /**
   * Collection files being read further up, outermost first (set by the collection readers
   * themselves; callers leave it out).
   */
  referenceChain?: readonly string[];
}

/** The concurrency to use, clamped to a sane range. */
export function concurrencyOf(options: CollectionReadOptions): number {
  const wanted = options.concurrency ?? DEFAULT_CONCURRENCY;
  return Number.isFinite(wanted) ? Math.min(64, Math.max(1, Math.floor(wanted))) : DEFAULT_CONCURRENCY;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return false;
    throw error;
  }
}

/**
 * The path a reference inside `referencingFile` points to: absolute names stay as they are,
 * relative ones are taken from the referencing file's folder (as VTK does). Files written on
 * Windows may use backslashes; they are read as separators when the literal name does not exist.
 */
export async function resolveReference(referencingFile: string, reference: string): Promise<string> {
  const literal = isAbsolute(reference) ? reference : join(dirname(referencingFile), reference);
  if (sep === '/' && reference.includes('\\') && !(await exists(literal))) {
    const slashed = reference.replaceAll('\\', '/');
    return isAbsolute(slashed) ? slashed : join(dirname(referencingFile), slashed);
  }
  return literal;
}

/**
 * Options for reading files referenced by `collectionFile`: the chain gains this file, and a file
 * already on the chain is refused.
 */
export function enterCollection(
  collectionFile: string,
  format: string,
  options: CollectionReadOptions,
): CollectionReadOptions {
  const chain = options.referenceChain ?? [];
  const absolute = resolve(collectionFile);
  if (chain.includes(absolute)) {
    throw new ReadError(collectionFile, format, `circular reference: ${[...chain, absolute].join(' → ')}`);
  }
  if (chain.length >= MAX_REFERENCE_DEPTH) {
    throw new ReadError(collectionFile, format, `files nested more than ${MAX_REFERENCE_DEPTH} levels deep`);
  }
  return { ...options, referenceChain: [...chain, absolute] };
}

/**
 * Reads a file named by `referencingFile` with whatever reader the registry has for it.
 * A missing file raises FileNotFoundError naming both files.
 */
export async function readReferencedFile(
  path: string,
  referencingFile: string,
  options: CollectionReadOptions,
): Promise<DataObject> {
  throwIfAborted(options.signal, `reading ${path}`);
  if (!(await exists(path))) throw new FileNotFoundError(path, referencingFile);
  await options.admitReference?.(path, referencingFile);
  try {
    return (await readDataFile(path, options)).data;
  } catch (error) {
    // A file that vanished between the check and the read is still reported with its referrer.
    if (error instanceof FileNotFoundError && error.file === path) {
      throw new FileNotFoundError(path, referencingFile);
    }
    throw error;
  }
}
