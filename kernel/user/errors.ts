// Win32 errors in user mode: RtlNtStatusToDosError (the NTSTATUS a kernel service returned → GetLastError's value;
// its one table is the kernel's, kernel/ntos/rtl/status-errors.ts) and the system message texts FormatMessage,
// `net helpmsg` and the command-line tools print, keyed by the names our headers define; the numbers come from
// the user-mode layout probe (kernel/layout/probe-um.c).
import type { Layouts } from '../layout/layouts.ts';
import { ntStatusToDosError } from '../ntos/rtl/status-errors.ts';

/** System message texts (FormatMessage with FORMAT_MESSAGE_FROM_SYSTEM), by Win32 error name. */
const MESSAGES: Record<string, string> = {
  ERROR_SUCCESS: 'The operation completed successfully.',
  ERROR_INVALID_FUNCTION: 'Incorrect function.',
  ERROR_FILE_NOT_FOUND: 'The system cannot find the file specified.',
  ERROR_PATH_NOT_FOUND: 'The system cannot find the path specified.',
  ERROR_TOO_MANY_OPEN_FILES: 'The system cannot open the file.',
  ERROR_ACCESS_DENIED: 'Access is denied.',
  ERROR_INVALID_HANDLE: 'The handle is invalid.',
  ERROR_NOT_ENOUGH_MEMORY: 'Not enough memory resources are available to process this command.',
  ERROR_NOT_READY: 'The device is not ready.',
  ERROR_BAD_COMMAND: 'The device does not recognize the command.',
  ERROR_CRC: 'Data error (cyclic redundancy check).',
  ERROR_BAD_LENGTH: 'The program issued a command but the command length is incorrect.',
  ERROR_GEN_FAILURE: 'A device attached to the system is not functioning.',
  ERROR_SHARING_VIOLATION: 'The process cannot access the file because it is being used by another process.',
  ERROR_HANDLE_EOF: 'Reached the end of the file.',
  ERROR_NOT_SUPPORTED: 'The request is not supported.',
  ERROR_NETNAME_DELETED: 'The specified network name is no longer available.',
  ERROR_DEV_NOT_EXIST: 'The specified network resource or device is no longer available.',
  ERROR_FILE_EXISTS: 'The file exists.',
  ERROR_INVALID_PARAMETER: 'The parameter is incorrect.',
  ERROR_DISK_FULL: 'There is not enough space on the disk.',
  ERROR_SEM_TIMEOUT: 'The semaphore timeout period has expired.',
  ERROR_INSUFFICIENT_BUFFER: 'The data area passed to a system call is too small.',
  ERROR_INVALID_NAME: 'The filename, directory name, or volume label syntax is incorrect.',
  ERROR_MOD_NOT_FOUND: 'The specified module could not be found.',
  ERROR_PROC_NOT_FOUND: 'The specified procedure could not be found.',
  ERROR_DIR_NOT_EMPTY: 'The directory is not empty.',
  ERROR_BAD_PATHNAME: 'The specified path is invalid.',
  ERROR_BUSY: 'The requested resource is in use.',
  ERROR_ALREADY_EXISTS: 'Cannot create a file when that file already exists.',
  ERROR_BAD_EXE_FORMAT: '%1 is not a valid Win32 application.',
  ERROR_ENVVAR_NOT_FOUND: 'The system could not find the environment option that was entered.',
  ERROR_MORE_DATA: 'More data is available.',
  ERROR_NO_MORE_ITEMS: 'No more data is available.',
  ERROR_DIRECTORY: 'The directory name is invalid.',
  ERROR_MR_MID_NOT_FOUND: 'The system cannot find message text for message number 0x%1 in the message file for %2.',
  ERROR_NO_SUCH_DEVICE: 'A device which does not exist was specified.',
  ERROR_INVALID_IMAGE_HASH: 'Windows cannot verify the digital signature for this file. A recent hardware or software change might have installed a file that is signed incorrectly or damaged, or that might be malicious software from an unknown source.',
  ERROR_OPERATION_ABORTED: 'The I/O operation has been aborted because of either a thread exit or an application request.',
  ERROR_IO_INCOMPLETE: 'Overlapped I/O event is not in a signaled state.',
  ERROR_IO_PENDING: 'Overlapped I/O operation is in progress.',
  ERROR_NOACCESS: 'Invalid access to memory location.',
  ERROR_STACK_OVERFLOW: 'Recursion too deep; the stack overflowed.',
  ERROR_INVALID_SERVICE_CONTROL: 'The requested control is not valid for this service.',
  ERROR_SERVICE_REQUEST_TIMEOUT: 'The service did not respond to the start or control request in a timely fashion.',
  ERROR_INSTALL_FAILURE: 'Fatal error during installation.',
  ERROR_UNKNOWN_PRODUCT: 'This action is only valid for products that are currently installed.',
  ERROR_INSTALL_PACKAGE_OPEN_FAILED: 'This installation package could not be opened.  Verify that the package exists and that you can access it, or contact the application vendor to verify that this is a valid Windows Installer package.',
  ERROR_INSTALL_PACKAGE_INVALID: 'This installation package could not be opened.  Contact the application vendor to verify that this is a valid Windows Installer package.',
  ERROR_INVALID_COMMAND_LINE: 'Invalid command line argument.  Consult the Windows Installer SDK for detailed command line help.',
  ERROR_SERVICE_ALREADY_RUNNING: 'An instance of the service is already running.',
  ERROR_SERVICE_DISABLED: 'The service cannot be started, either because it is disabled or because it has no enabled devices associated with it.',
  ERROR_SERVICE_DOES_NOT_EXIST: 'The specified service does not exist as an installed service.',
  ERROR_SERVICE_CANNOT_ACCEPT_CTRL: 'The service cannot accept control messages at this time.',
  ERROR_SERVICE_NOT_ACTIVE: 'The service has not been started.',
  ERROR_SERVICE_MARKED_FOR_DELETE: 'The specified service has been marked for deletion.',
  ERROR_SERVICE_EXISTS: 'The specified service already exists.',
  ERROR_SERVICE_NEVER_STARTED: 'No attempts to start the service have been made since the last boot.',
  ERROR_IO_DEVICE: 'The request could not be performed because of an I/O device error.',
  ERROR_NOT_FOUND: 'Element not found.',
  ERROR_DRIVER_BLOCKED: 'This driver has been blocked from loading',
  ERROR_PRIVILEGE_NOT_HELD: 'A required privilege is not held by the client.',
  ERROR_NO_SYSTEM_RESOURCES: 'Insufficient system resources exist to complete the requested service.',
  ERROR_TIMEOUT: 'This operation returned because the timeout period expired.',
  ERROR_DEVICE_REMOVED: 'The device has been removed.',
  ERROR_INVALID_USER_BUFFER: 'The supplied user buffer is not valid for the requested operation.',
  ERROR_DEVICE_ALREADY_ATTACHED: 'The device is already attached.',
  ERROR_INVALID_DATA: 'The data is invalid.',
  ERROR_CANCELLED: 'The operation was canceled by the user.',
  ERROR_ELEVATION_REQUIRED: 'The requested operation requires elevation.',
  ERROR_NO_MORE_FILES: 'There are no more files.',
  ERROR_INVALID_DRIVE: 'The system cannot find the drive specified.',
  ERROR_CURRENT_DIRECTORY: 'The directory cannot be removed.',
};

/** A message text by error name, for the host's own reports (which have no target's layouts at hand). */
export function systemMessageText(name: string): string | undefined { return MESSAGES[name]; }

export class Win32Errors {
  private readonly names = new Map<number, string>();

  constructor(private readonly layouts: Layouts) {
    const c = layouts.constants;
    for (const [name, value] of Object.entries(c)) if (name.startsWith('ERROR_') && !this.names.has(value >>> 0)) this.names.set(value >>> 0, name);
    this.names.set(c['WAIT_TIMEOUT']! >>> 0, 'WAIT_TIMEOUT');
  }

  /** A constant of the user-mode headers (ERROR_*, STATUS_*, GENERIC_* ...), as an unsigned 32-bit value. */
  value(name: string): number {
    const v = this.layouts.constants[name];
    if (v === undefined) throw new Error(`no user-mode constant ${name} (add it to kernel/layout/probe-um.c)`);
    return v >>> 0;
  }

  /** RtlNtStatusToDosError (kernel/ntos/rtl/status-errors.ts holds the table). */
  fromStatus(status: number): number { return ntStatusToDosError(this.layouts.constants, status); }

  name(error: number): string | undefined { return this.names.get(error >>> 0); }

  /** The system message text for an error (what FormatMessage returns, without the trailing CR LF). */
  message(error: number): string {
    const n = this.name(error);
    const text = n ? MESSAGES[n] : undefined;
    return text ?? `The system cannot find message text for message number 0x${(error >>> 0).toString(16)} in the message file for Application.`;
  }
}
