// The error a ledger or its key file gives when it cannot be used as a whole: one line, exit code 2.
import { InputError } from '../input/errors.js';

/**
 * A ledger file (or its key file) that cannot be used: not a ledger, of a newer schema, its key
 * missing or another one, or in use by another run. The message names the file.
 */
export class LedgerError extends InputError {
  constructor(file: string, reason: string) {
    super(file, reason);
    this.name = 'LedgerError';
  }
}
