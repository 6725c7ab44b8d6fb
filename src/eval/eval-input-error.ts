/** A missing or unusable input file for an evaluation tool: the tool exits 2 with the message. */
export class EvalInputError extends Error {
  override readonly name = 'EvalInputError';
}
