/**
 * Undo/redo of pipeline edits as a stack of whole-pipeline snapshots: each edit pushes the state
 * it replaced. Snapshots are small (specs and representation properties, no data), so copying
 * them is cheaper and far simpler than inverting every kind of edit.
 */

export interface HistoryEntry<State> {
  /** What the edit was, for the UI (`add Contour`, `update c1.Isosurfaces`). */
  label: string;
  state: State;
}

export class EditHistory<State> {
  readonly #undo: HistoryEntry<State>[] = [];
  readonly #redo: HistoryEntry<State>[] = [];
  readonly #limit: number;

  constructor(limit = 200) {
    this.#limit = limit;
  }

  /** Records the state before an edit; a new edit forgets what could be redone. */
  record(label: string, before: State): void {
    this.#undo.push({ label, state: before });
    if (this.#undo.length > this.#limit) this.#undo.shift();
    this.#redo.length = 0;
  }

  /** Takes the state to go back to, remembering `current` for redo; undefined when none. */
  undo(current: State): HistoryEntry<State> | undefined {
    const entry = this.#undo.pop();
    if (entry) this.#redo.push({ label: entry.label, state: current });
    return entry;
  }

  redo(current: State): HistoryEntry<State> | undefined {
    const entry = this.#redo.pop();
    if (entry) this.#undo.push({ label: entry.label, state: current });
    return entry;
  }

  get canUndo(): boolean {
    return this.#undo.length > 0;
  }

  get canRedo(): boolean {
    return this.#redo.length > 0;
  }

  labels(): { undo: string[]; redo: string[] } {
    return { undo: this.#undo.map((e) => e.label), redo: this.#redo.map((e) => e.label) };
  }

  clear(): void {
    this.#undo.length = 0;
    this.#redo.length = 0;
  }
}
