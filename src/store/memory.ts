// Handing typed-array memory back to the system as soon as a step is done with it.

/**
 * Gives an array's memory back at once. Dropping the last reference would leave it to the
 * garbage collector, which frees large typed arrays late: hundreds of megabytes would sit idle
 * beside the ones in use. The array reads as empty afterwards.
 */
export function free(a: { buffer: ArrayBufferLike }): void {
  if (a.buffer instanceof ArrayBuffer && !a.buffer.detached) a.buffer.transfer(0);
}
