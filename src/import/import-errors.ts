/** Typed errors of bulk import. */

/** A document that claims a format but cannot be read as it. */
export class ImportFormatError extends Error {
  readonly code = 'TL_ERR_IMPORT_FORMAT';
  constructor(
    readonly format: string,
    reason: string,
  ) {
    super(`${format}: ${reason}`);
    this.name = 'ImportFormatError';
  }
}

/** An import path that cannot be read (missing, unreadable, too large). */
export class ImportInputError extends Error {
  readonly code = 'TL_ERR_IMPORT_INPUT';
  constructor(
    readonly input: string,
    reason: string,
  ) {
    super(`${input}: ${reason}`);
    this.name = 'ImportInputError';
  }
}
