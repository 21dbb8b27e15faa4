/** A stats file, metafile, budget or built directory that cannot be read as one: the message names it. */
export class BundleInputError extends Error {
  override name = 'BundleInputError';
}
