/**
 * `periscope.collaboration.*` and `periscope.annotation.*`: presence, roles, pointers and 3D
 * annotations. Changes are broadcast by the server on `periscope.collaboration.changed`.
 */
import { PropertyError } from '../../errors.js';
import {
  define,
  numberArgument,
  objectArgument,
  requireEditor,
  type SessionContext,
  stringArgument,
} from '../context.js';

export function registerCollaborationMethods(context: SessionContext): void {
  const { collaboration, views } = context;

  define(
    context,
    'periscope.collaboration.participants',
    'Everyone in the session: {clientId, name, color, role, pointer}.',
    [],
    () => collaboration.participants(),
  );
  define(
    context,
    'periscope.collaboration.me',
    'This client as a participant (its role decides what it may change).',
    [],
    (call) => collaboration.participant(call.connection.clientId),
  );
  define(
    context,
    'periscope.collaboration.profile',
    'Sets this client’s display name and colour: {name?, color?: "#rrggbb"}.',
    [{ name: 'profile', type: '{name?, color?}' }],
    (call) => collaboration.setProfile(call.connection.clientId, objectArgument(call, 0, 'profile')),
  );
  define(
    context,
    'periscope.collaboration.role.set',
    'Owner only: gives a participant a role (owner hands over ownership).',
    [
      { name: 'clientId', type: 'string' },
      { name: 'role', type: "'owner'|'editor'|'viewer'" },
    ],
    (call) =>
      collaboration.setRole(call.connection.clientId, stringArgument(call, 0, 'clientId'), call.args[1]),
  );
  define(
    context,
    'periscope.collaboration.pointer',
    "Shares this client's pointer: [view, x, y] normalized, or [null] to hide it.",
    [{ name: 'view' }, { name: 'x', type: 'number' }, { name: 'y', type: 'number' }],
    (call) => {
      if (call.args[0] === null) {
        collaboration.setPointer(call.connection.clientId, null);
        return null;
      }
      const x = numberArgument(call, 1, 'x');
      const y = numberArgument(call, 2, 'y');
      if (x < -1 || x > 2 || y < -1 || y > 2)
        throw new PropertyError(call.method, 'x', 'pointer coordinates are normalized to the view');
      collaboration.setPointer(call.connection.clientId, { view: views.resolveId(call.args[0]), x, y });
      return null;
    },
  );
  define(
    context,
    'periscope.annotation.list',
    'Every 3D annotation: {id, text, position, author, color}.',
    [],
    () => collaboration.annotations(),
  );
  define(
    context,
    'periscope.annotation.add',
    'Pins text to a world point: [text, [x, y, z]].',
    [
      { name: 'text', type: 'string' },
      { name: 'position', type: 'number[3]' },
    ],
    (call) => {
      requireEditor(context, call);
      const annotation = collaboration.addAnnotation(call.connection.clientId, call.args[0], call.args[1]);
      context.delivery.invalidate();
      return annotation;
    },
  );
  define(
    context,
    'periscope.annotation.update',
    'Changes an annotation: [id, {text?, position?}].',
    [
      { name: 'id', type: 'string' },
      { name: 'changes', type: '{text?, position?}' },
    ],
    (call) => {
      requireEditor(context, call);
      const annotation = collaboration.updateAnnotation(
        stringArgument(call, 0, 'id'),
        objectArgument(call, 1, 'changes'),
      );
      context.delivery.invalidate();
      return annotation;
    },
  );
  define(
    context,
    'periscope.annotation.remove',
    'Removes an annotation.',
    [{ name: 'id', type: 'string' }],
    (call) => {
      requireEditor(context, call);
      collaboration.removeAnnotation(stringArgument(call, 0, 'id'));
      context.delivery.invalidate();
      return null;
    },
  );
}
