#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { describeError, exitCodeFor, EXIT_CODES, QueryError } from '../errors.js';
import { PEERSCOPE_VERSION } from '../version.js';
import { flagName } from './flag-name.js';
import { analyzeCommand } from './analyze-command.js';
import { generateCommand } from './generate-command.js';
import { reportCommand } from './report-command.js';
import { compareCommand } from './compare-command.js';
import { kdeCommand } from './kde-command.js';
import { evaluateCommand } from './evaluate-command.js';
import { ingestCommand } from './ingest-command.js';
import { topCommand } from './top-command.js';

const program = new Command('peerscope')
  .description('which hosts behave unlike their peers, and is that a compromise?')
  .version(PEERSCOPE_VERSION)
  .showHelpAfterError()
  .exitOverride();
for (const command of [
  generateCommand(),
  ingestCommand(),
  analyzeCommand(),
  reportCommand(),
  compareCommand(),
  kdeCommand(),
  evaluateCommand(),
  topCommand(),
])
  program.addCommand(command.exitOverride());

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? EXIT_CODES.ok : EXIT_CODES.usage;
  } else {
    process.stderr.write(`peerscope: ${describeError(error, flagName)}\n`);
    if (error instanceof QueryError && process.env.PEERSCOPE_DEBUG) process.stderr.write(`${error.sql}\n`);
    process.exitCode = exitCodeFor(error);
  }
}
