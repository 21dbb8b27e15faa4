#!/usr/bin/env node
// The `perflens` command. Subcommands live with the code they run; cli/ only assembles them.
// Exit codes (README.md, "Exit codes"): 0 ok, 1 a gate failed, 2 usage or configuration error. main()
// returns the code; it is the only thing that sets process.exitCode here.
'use strict';
const path = require('node:path');
const fs = require('node:fs');

// `perflens … | head` closes the pipe early: that ends the output, it is not a crash.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

const entry = path.join(__dirname, '..', 'cli', 'dist', 'main.js');
if (!fs.existsSync(entry)) {
  process.stderr.write(
    `perflens: ${entry} is missing. Run "npm run build" in ${path.dirname(__dirname)} first.\n`,
  );
  process.exit(2);
}
require(entry)
  .main(process.argv)
  .then((code) => {
    process.exitCode = code;
  })
  .catch((error) => {
    // main() turns every error into a code; reaching this is a bug, never a passed gate.
    process.stderr.write(`perflens: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 2;
  });
