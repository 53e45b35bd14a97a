/**
 * The `periscope` command line. Each command lives in `commands/<name>.ts` and exports a
 * `register…Command(program)` function; this file only assembles them.
 */
import { Command } from 'commander';
import { isPeriscopeError } from '../errors.js';
import { registerExamplesCommand } from './commands/examples.js';
import { registerInfoCommand } from './commands/info.js';
import { registerRenderCommand } from './commands/render.js';
import { registerRunCommand } from './commands/run.js';
import { registerSessionCommand } from './commands/session.js';
import { packageVersion } from './version.js';

export function buildProgram(): Command {
  const program = new Command()
    .name('periscope')
    .description('Remote scientific visualization: read, filter and render VTK-family data on the server.')
    .version(packageVersion())
    .showHelpAfterError()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  registerInfoCommand(program);
  registerExamplesCommand(program);
  registerRunCommand(program);
  registerRenderCommand(program);
  registerSessionCommand(program);
  return program;
}

/** Runs the CLI; errors become one line on stderr and a non-zero exit status. */
export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  program.exitOverride();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help')
      return;
    if (code?.startsWith('commander.')) {
      process.exitCode = (error as { exitCode?: number }).exitCode ?? 1;
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`periscope: ${isPeriscopeError(error) ? `${message} [${error.code}]` : message}\n`);
    process.exitCode = 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main(process.argv);
