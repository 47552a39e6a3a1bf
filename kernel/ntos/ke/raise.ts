// ExRaiseStatus and friends from kernel routines: an NT exception raised in the calling thread. The processor
// records `status` as the exception code; with no handler in a system thread it ends in bugcheck 0x7E, as on Windows.
export class NtException extends Error {
  constructor(readonly status: number) {
    super(`exception 0x${(status >>> 0).toString(16).padStart(8, '0')} raised`);
    this.name = 'NtException';
  }
}
