#!/usr/bin/env node
import { CommanderError } from 'commander';
import { ApiClient, CliError, EXIT, resolveApiOptions } from './api-client.js';
import { buildProgram } from './program.js';

const program = buildProgram(() => new ApiClient(resolveApiOptions()));
try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Commander has printed the message (or the help) already.
    process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  } else if (error instanceof CliError) {
    console.error(`podwatch: ${error.message}`);
    process.exitCode = error.exitCode;
  } else {
    throw error;
  }
}
