/**
 * The contracts between the I/O registry and the format modules (one folder per format family).
 */
import type { DataObject } from '../data/dataset.js';

export interface ReadOptions {
  /** Stops a long read; the reader throws CancelledError at its next safe point. */
  signal?: AbortSignal;
  /**
   * Asked before a file named inside another one (a .vtm block, a .pvd step, a parallel piece,
   * a series member) is read; throws to refuse it. A session confines such files to its data
   * directory with it, as it does the files clients name.
   */
  admitReference?: (path: string, referencedBy: string) => Promise<void>;
}

export interface FormatReader {
  /** Stable format id reported by `periscope info` ("vtk-legacy", "vtk-xml", "stl", …). */
  readonly format: string;
  /** Human-readable name for messages and the UI. */
  readonly description: string;
  /** Lower-case extensions with the dot (".vtu"). */
  readonly extensions: readonly string[];
  /** Whether the first bytes (up to 1 KiB) look like this format; used when the extension is ambiguous. */
  sniff?(head: Uint8Array): boolean;
  read(path: string, options?: ReadOptions): Promise<DataObject>;
}

export interface WriteOptions {
  /** Compress binary blocks with zlib where the format allows it. */
  compress?: boolean;
  /** Text instead of binary where the format has both (legacy VTK, STL). */
  ascii?: boolean;
  signal?: AbortSignal;
}

export interface FormatWriter {
  readonly format: string;
  readonly description: string;
  readonly extensions: readonly string[];
  /** Which data object types this writer accepts. */
  accepts(data: DataObject): boolean;
  write(path: string, data: DataObject, options?: WriteOptions): Promise<void>;
}
