/** A configuration problem, already phrased for the person who wrote the file (file, field, expectation). */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}
