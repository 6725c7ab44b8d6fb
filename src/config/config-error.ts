/** Every problem found in the configuration, reported at once. */
export class ConfigError extends Error {
  readonly code = 'TL_ERR_CONFIG';
  constructor(readonly problems: string[]) {
    super(
      `invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  - ${p}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}
