#!/usr/bin/env node
// The `perflens` command. Subcommands live with the code they run; cli/ only assembles them.
'use strict';
const path = require('node:path');
const fs = require('node:fs');

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
    if (typeof code === 'number') process.exitCode = code;
  })
  .catch((error) => {
    process.stderr.write(`perflens: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
