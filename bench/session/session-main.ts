/**
 * Entry point for the benchmark's child process: the `periscope session` command alone (the
 * lead wires it into src/cli/main.ts; this avoids loading the other commands).
 */
import { Command } from 'commander';
import { registerSessionCommand } from '../../src/cli/commands/session.js';

const program = new Command().name('periscope');
registerSessionCommand(program);
await program.parseAsync(process.argv);
