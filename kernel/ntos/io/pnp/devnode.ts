// Device nodes: one per device in the PnP device tree (HTREE\ROOT\0 and below), with the device instance ID, the
// IDs setup matches drivers by, the state the PnP manager moved it through, and the problem code Device Manager
// shows ("This device cannot start. (Code 10)").

/** DEVICE_NODE states as `!devnode` prints them, with their numbers. */
export const DEVNODE_STATES = {
  DeviceNodeUnspecified: 0x300, DeviceNodeUninitialized: 0x301, DeviceNodeInitialized: 0x302, DeviceNodeDriversAdded: 0x303,
  DeviceNodeResourcesAssigned: 0x304, DeviceNodeStartPending: 0x305, DeviceNodeStartCompletion: 0x306, DeviceNodeStartPostWork: 0x307,
  DeviceNodeStarted: 0x308, DeviceNodeQueryStopped: 0x309, DeviceNodeStopped: 0x30a, DeviceNodeRestartCompletion: 0x30b,
  DeviceNodeEnumeratePending: 0x30c, DeviceNodeEnumerateCompletion: 0x30d, DeviceNodeAwaitingQueuedDeletion: 0x30e,
  DeviceNodeAwaitingQueuedRemoval: 0x30f, DeviceNodeQueryRemoved: 0x310, DeviceNodeRemovePendingCloses: 0x311,
  DeviceNodeRemoved: 0x312, DeviceNodeDeletePendingCloses: 0x313, DeviceNodeDeleted: 0x314,
} as const;
export type DevNodeState = keyof typeof DEVNODE_STATES;

/** CM_PROB_* codes (cfg.h) the PnP manager sets, and the text Device Manager shows for each. */
export const PROBLEMS: Record<number, { name: string; text: string }> = {
  1: { name: 'CM_PROB_NOT_CONFIGURED', text: 'This device is not configured correctly. (Code 1)' },
  10: { name: 'CM_PROB_FAILED_START', text: 'This device cannot start. (Code 10)' },
  18: { name: 'CM_PROB_REINSTALL', text: 'Reinstall the drivers for this device. (Code 18)' },
  22: { name: 'CM_PROB_DISABLED', text: 'This device is disabled. (Code 22)' },
  24: { name: 'CM_PROB_DEVICE_NOT_THERE', text: 'This device is not present, is not working properly, or does not have all its drivers installed. (Code 24)' },
  28: { name: 'CM_PROB_FAILED_INSTALL', text: 'The drivers for this device are not installed. (Code 28)' },
  31: { name: 'CM_PROB_FAILED_ADD', text: 'This device is not working properly because Windows cannot load the drivers required for this device. (Code 31)' },
  37: { name: 'CM_PROB_FAILED_DRIVER_ENTRY', text: 'Windows cannot initialize the device driver for this hardware. (Code 37)' },
  39: { name: 'CM_PROB_DRIVER_FAILED_LOAD', text: 'Windows cannot load the device driver for this hardware. The driver may be corrupted or missing. (Code 39)' },
  43: { name: 'CM_PROB_FAILED_POST_START', text: 'Windows has stopped this device because it has reported problems. (Code 43)' },
  45: { name: 'CM_PROB_PHANTOM', text: 'Currently, this hardware device is not connected to the computer. (Code 45)\n\nTo fix this problem, reconnect this hardware device to the computer.' },
  47: { name: 'CM_PROB_HELD_FOR_EJECT', text: 'Windows cannot use this hardware device because it has been prepared for "safe removal", but it has not been removed from the computer. (Code 47)' },
  52: { name: 'CM_PROB_UNSIGNED_DRIVER', text: 'Windows cannot verify the digital signature for the drivers required for this device. A recent hardware or software change might have installed a file that is signed incorrectly or damaged, or that might be malicious software from an unknown source. (Code 52)' },
};
export const CM_PROB = {
  NONE: 0, FAILED_START: 10, DISABLED: 22, FAILED_INSTALL: 28, FAILED_ADD: 31, FAILED_DRIVER_ENTRY: 37,
  DRIVER_FAILED_LOAD: 39, FAILED_POST_START: 43, PHANTOM: 45, UNSIGNED_DRIVER: 52,
} as const;

export class DevNode {
  readonly children: DevNode[] = [];
  state: DevNodeState = 'DeviceNodeUninitialized';
  previousState: DevNodeState = 'DeviceNodeUnspecified';
  /** CM_PROB_* (0: none) and the NTSTATUS that caused it. */
  problem = 0;
  problemStatus = 0;
  disabled = false;
  /** The PDO (created by the bus driver; \Driver\PnpManager for root-enumerated devices). */
  pdo = 0;
  pdoName = '';
  /** Device objects above the PDO, bottom up (lower filters, FDO, upper filters). */
  readonly attached: number[] = [];
  /** Services whose drivers this device's stack holds (lower filters, function driver, upper filters). */
  services: string[] = [];
  /** A DEVICE_NODE-sized block in system memory, so `!devnode` has an address to show. */
  address = 0;
  /** Devices the framework or a driver reported as having failed after start (IoInvalidateDeviceState). */
  failedAfterStart = false;

  constructor(
    readonly instanceId: string,
    readonly parent: DevNode | undefined,
    public hardwareIds: string[] = [],
    public compatibleIds: string[] = [],
    /** Built-in devices (ACPI, the PCI bus, the disk...) are started by the system, not by an installed driver. */
    readonly builtIn?: { service: string; description: string; className: string; classGuid: string },
  ) {
    parent?.children.push(this);
  }

  setState(s: DevNodeState): void { this.previousState = this.state; this.state = s; }

  get started(): boolean { return this.state === 'DeviceNodeStarted'; }

  /** Device Manager's status line: "This device is working properly." or the problem's text. */
  get statusText(): string {
    if (this.problem) return PROBLEMS[this.problem]?.text ?? `This device has a problem. (Code ${this.problem})`;
    if (this.started) return 'This device is working properly.';
    return 'This device is not present, is not working properly, or does not have all its drivers installed. (Code 24)';
  }
}
