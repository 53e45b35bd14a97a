/**
 * The session's data directory: the only part of the file system clients can name. Every path a
 * client sends is relative to it; `..` segments, absolute paths and symbolic links that lead
 * outside it are refused with AccessDeniedError before anything is opened.
 */
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { groupFileSeries } from '../engine/io/collections/index.js';
import { AccessDeniedError, FileNotFoundError, LimitError } from '../errors.js';

/** `file.server.directory.list` result, as ParaViewWeb's FileListing protocol returns it. */
export interface DirectoryListing {
  label: string;
  /** Path segments from the data directory (first element `'.'`). */
  path: string[];
  dirs: string[];
  files: { label: string; size: number }[];
  /** Numbered series (`step_0.vtu`, `step_1.vtu`, …) grouped under one label. */
  groups: { label: string; files: string[] }[];
}

/** Most entries listed from one directory; larger directories are truncated, sorted by name. */
const MAX_LISTED_ENTRIES = 10_000;
const MAX_PATH_LENGTH = 4096;

export class DataDirectory {
  /** The directory's real path (symlinks resolved). */
  readonly root: string;

  private constructor(root: string) {
    this.root = root;
  }

  static async open(directory: string): Promise<DataDirectory> {
    const root = await realpath(resolve(directory)).catch(() => {
      throw new FileNotFoundError(directory);
    });
    if (!(await stat(root)).isDirectory()) throw new FileNotFoundError(`${directory}/`);
    return new DataDirectory(root);
  }

  /**
   * The real absolute path of `relativePath` inside the directory. Refuses absolute paths, `..`
   * that climbs out, and symlinks (anywhere on the path) whose target is outside. The file must
   * exist unless `mustExist` is false, in which case its parent directory must.
   */
  async resolve(relativePath: unknown, mustExist = true): Promise<string> {
    if (typeof relativePath !== 'string') throw new AccessDeniedError('a path must be a string');
    if (relativePath.length > MAX_PATH_LENGTH) throw new LimitError(`path longer than ${MAX_PATH_LENGTH}`);
    if (relativePath.includes('\0')) throw new AccessDeniedError('a path must not contain NUL');
    if (isAbsolute(relativePath) || /^[a-zA-Z]:[\\/]/.test(relativePath))
      throw new AccessDeniedError(
        `${relativePath}: absolute paths are refused; give a path relative to the data directory`,
      );
    const lexical = resolve(this.root, relativePath);
    if (!this.#inside(lexical)) throw new AccessDeniedError(`${relativePath}: leaves the data directory`);
    if (!mustExist) {
      const parent = await this.#real(resolve(lexical, '..'), relativePath);
      return join(parent, relative(resolve(lexical, '..'), lexical));
    }
    return this.#real(lexical, relativePath);
  }

  /**
   * Refuses a file that a data file inside the directory names (a .vtm block, a .pvd step) when
   * it lies outside, directly or through a symlink: `../../etc/x.vtu` in a .vtm must not read.
   */
  async admitReference(path: string, referencedBy: string): Promise<void> {
    const real = await realpath(path).catch(() => resolve(path));
    if (!this.#inside(real))
      throw new AccessDeniedError(
        `${this.relativeName(referencedBy)} names ${path}, which is outside the data directory`,
      );
  }

  /** The path relative to the data directory, with `/` separators (`.` for the root). */
  relativeName(absolutePath: string): string {
    const name = relative(this.root, absolutePath).split(sep).join('/');
    return name === '' ? '.' : name;
  }

  async list(relativePath = '.'): Promise<DirectoryListing> {
    const directory = await this.resolve(relativePath === '' ? '.' : relativePath);
    const entries = (await readdir(directory, { withFileTypes: true }))
      .filter((entry) => !entry.name.startsWith('.'))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .slice(0, MAX_LISTED_ENTRIES);
    const dirs: string[] = [];
    const files: { label: string; size: number }[] = [];
    for (const entry of entries) {
      const full = join(directory, entry.name);
      // Symlinks are listed only when they stay inside; the test is the same as for opening.
      const info = await lstat(full);
      let target = info;
      if (info.isSymbolicLink()) {
        const real = await realpath(full).catch(() => undefined);
        if (real === undefined || !this.#inside(real)) continue;
        target = await stat(real);
      }
      if (target.isDirectory()) dirs.push(entry.name);
      else if (target.isFile()) files.push({ label: entry.name, size: target.size });
    }
    const name = this.relativeName(directory);
    const { singles, groups } = groupSeries(files);
    return {
      label: name === '.' ? '.' : (name.split('/').at(-1) ?? name),
      path: name === '.' ? ['.'] : ['.', ...name.split('/')],
      dirs,
      files: singles,
      groups,
    };
  }

  #inside(path: string): boolean {
    return path === this.root || path.startsWith(this.root.endsWith(sep) ? this.root : this.root + sep);
  }

  async #real(path: string, asked: string): Promise<string> {
    let real: string;
    try {
      real = await realpath(path);
    } catch {
      throw new FileNotFoundError(asked);
    }
    if (!this.#inside(real))
      throw new AccessDeniedError(`${asked}: a symbolic link leads outside the data directory`);
    return real;
  }
}

/** Groups numbered files (`step_0.vtu`, `step_1.vtu`, …) under ParaView's label (`step_..vtu`). */
function groupSeries(files: { label: string; size: number }[]): {
  singles: { label: string; size: number }[];
  groups: { label: string; files: string[] }[];
} {
  const groups = groupFileSeries(files.map((file) => file.label)).filter((group) => group.files.length > 1);
  const grouped = new Set(groups.flatMap((group) => group.files));
  return {
    singles: files.filter((file) => !grouped.has(file.label)),
    groups: groups.map((group) => ({ label: group.name, files: group.files })),
  };
}
