/**
 * Several clients in one session: who is here (presence: name, colour, role, pointer), what they
 * may do (owner / editor / viewer; the first client owns the session), and the 3D annotations
 * they pin into the scene. Pure state; the server publishes every change on
 * `periscope.collaboration.changed`.
 */
import { AccessDeniedError, LimitError, NotFoundError, PropertyError } from '../errors.js';

export const ROLES = ['owner', 'editor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export interface Participant {
  clientId: string;
  name: string;
  /** CSS colour the UI draws this participant's pointer and annotations with. */
  color: string;
  role: Role;
  /** Last reported pointer: view id and normalized position (origin bottom-left, as mouse events). */
  pointer: { view: string; x: number; y: number } | null;
  joinedAt: number;
}

export interface Annotation {
  id: string;
  text: string;
  /** World coordinates the text is pinned to. */
  position: [number, number, number];
  author: string;
  color: string;
}

export type CollaborationChange =
  | { kind: 'presence'; participants: Participant[] }
  | { kind: 'pointer'; clientId: string; pointer: Participant['pointer'] }
  | { kind: 'annotations'; annotations: Annotation[] };

const PALETTE = ['#e6194b', '#3cb44b', '#4363d8', '#f58231', '#911eb4', '#42d4f4', '#f032e6', '#bfef45'];
const MAX_ANNOTATIONS = 1000;
const MAX_TEXT = 2000;

export class Collaboration {
  readonly #participants = new Map<string, Participant>();
  readonly #annotations = new Map<string, Annotation>();
  readonly #listeners = new Set<(change: CollaborationChange) => void>();
  readonly #defaultRole: Exclude<Role, 'owner'>;
  #joined = 0;
  #nextAnnotation = 1;

  constructor(props: { defaultRole?: Exclude<Role, 'owner'> } = {}) {
    this.#defaultRole = props.defaultRole ?? 'editor';
  }

  onChange(listener: (change: CollaborationChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** A client connected: the first one (or the first after everyone left) owns the session. */
  join(clientId: string): Participant {
    const hasOwner = [...this.#participants.values()].some((p) => p.role === 'owner');
    const participant: Participant = {
      clientId,
      name: `user${++this.#joined}`,
      color: PALETTE[(this.#joined - 1) % PALETTE.length],
      role: hasOwner ? this.#defaultRole : 'owner',
      pointer: null,
      joinedAt: Date.now(),
    };
    this.#participants.set(clientId, participant);
    this.#presence();
    return { ...participant };
  }

  leave(clientId: string): void {
    const leaving = this.#participants.get(clientId);
    if (!this.#participants.delete(clientId)) return;
    // Ownership passes to the longest-present participant so the session stays administrable.
    if (leaving?.role === 'owner') {
      const next = [...this.#participants.values()].sort((a, b) => a.joinedAt - b.joinedAt)[0];
      if (next) next.role = 'owner';
    }
    this.#presence();
  }

  participant(clientId: string): Participant {
    const participant = this.#participants.get(clientId);
    if (!participant) throw new NotFoundError('participant', clientId);
    return { ...participant };
  }

  participants(): Participant[] {
    return [...this.#participants.values()].map((p) => ({ ...p }));
  }

  /** Throws AccessDeniedError unless the client may change the shared state. */
  assertCanEdit(clientId: string, action: string): void {
    const role = this.#participants.get(clientId)?.role;
    if (role !== 'owner' && role !== 'editor')
      throw new AccessDeniedError(
        `${action}: a ${role ?? 'unknown'} cannot change the session (owner or editor role needed)`,
      );
  }

  /** Name and colour are the participant's own to change. */
  setProfile(clientId: string, profile: { name?: unknown; color?: unknown }): Participant {
    const participant = this.#participants.get(clientId);
    if (!participant) throw new NotFoundError('participant', clientId);
    if (profile.name !== undefined) {
      if (typeof profile.name !== 'string' || profile.name.length === 0 || profile.name.length > 64)
        throw new PropertyError('participant', 'name', 'must be a string of 1–64 characters');
      participant.name = profile.name;
    }
    if (profile.color !== undefined) {
      if (typeof profile.color !== 'string' || !/^#[0-9a-fA-F]{6}$/.test(profile.color))
        throw new PropertyError('participant', 'color', 'must be #rrggbb');
      participant.color = profile.color;
    }
    this.#presence();
    return { ...participant };
  }

  /** Only the owner assigns roles; there is always exactly one owner (assigning it hands it over). */
  setRole(byClientId: string, clientId: string, role: unknown): Participant {
    if (this.#participants.get(byClientId)?.role !== 'owner')
      throw new AccessDeniedError('periscope.collaboration.role.set: only the owner assigns roles');
    if (!ROLES.includes(role as Role))
      throw new PropertyError('participant', 'role', `must be one of ${ROLES.join(', ')}`);
    const target = this.#participants.get(clientId);
    if (!target) throw new NotFoundError('participant', clientId);
    if (role === 'owner') this.#participants.get(byClientId)!.role = 'editor';
    else if (target.clientId === byClientId)
      throw new AccessDeniedError(
        'the owner hands ownership over by giving another participant the owner role',
      );
    target.role = role as Role;
    this.#presence();
    return { ...target };
  }

  setPointer(clientId: string, pointer: Participant['pointer']): void {
    const participant = this.#participants.get(clientId);
    if (!participant) return;
    participant.pointer = pointer;
    this.#emit({ kind: 'pointer', clientId, pointer });
  }

  annotations(): Annotation[] {
    return [...this.#annotations.values()].map((a) => structuredClone(a));
  }

  addAnnotation(clientId: string, text: unknown, position: unknown): Annotation {
    if (this.#annotations.size >= MAX_ANNOTATIONS)
      throw new LimitError(`at most ${MAX_ANNOTATIONS} annotations`);
    const author = this.participant(clientId);
    const annotation: Annotation = {
      id: `a${this.#nextAnnotation++}`,
      text: checkText(text),
      position: checkPosition(position),
      author: author.name,
      color: author.color,
    };
    this.#annotations.set(annotation.id, annotation);
    this.#emit({ kind: 'annotations', annotations: this.annotations() });
    return structuredClone(annotation);
  }

  updateAnnotation(id: string, changes: { text?: unknown; position?: unknown }): Annotation {
    const annotation = this.#annotations.get(id);
    if (!annotation) throw new NotFoundError('annotation', id);
    if (changes.text !== undefined) annotation.text = checkText(changes.text);
    if (changes.position !== undefined) annotation.position = checkPosition(changes.position);
    this.#emit({ kind: 'annotations', annotations: this.annotations() });
    return structuredClone(annotation);
  }

  removeAnnotation(id: string): void {
    if (!this.#annotations.delete(id)) throw new NotFoundError('annotation', id);
    this.#emit({ kind: 'annotations', annotations: this.annotations() });
  }

  #presence(): void {
    this.#emit({ kind: 'presence', participants: this.participants() });
  }

  #emit(change: CollaborationChange): void {
    for (const listener of this.#listeners) listener(change);
  }
}

function checkText(text: unknown): string {
  if (typeof text !== 'string' || text.length > MAX_TEXT)
    throw new PropertyError('annotation', 'text', `must be a string of at most ${MAX_TEXT} characters`);
  return text;
}

function checkPosition(position: unknown): [number, number, number] {
  if (!Array.isArray(position) || position.length !== 3 || !position.every((v) => Number.isFinite(v)))
    throw new PropertyError('annotation', 'position', 'must be three finite numbers');
  return [position[0], position[1], position[2]];
}
