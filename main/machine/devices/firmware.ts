// The firmware settings block (what the UEFI setup screen changes): Secure Boot and the boot order.
// A new PC ships with Secure Boot on; test-signed drivers need it off (provisioning checks this).
import type { Device } from './device.ts';

export interface FirmwareSettings { secureBoot: boolean; bootOrder: string[]; vendor: string; version: string }

export const DEFAULT_FIRMWARE: FirmwareSettings = {
  secureBoot: true, bootOrder: ['Windows Boot Manager', 'UEFI Network'], vendor: 'DriverLab', version: '1.0',
};

export class Firmware implements Device {
  readonly name = 'FIRMWARE';
  settings: FirmwareSettings = structuredClone(DEFAULT_FIRMWARE);
  saveState(): FirmwareSettings { return structuredClone(this.settings); }
  loadState(state: unknown): void { this.settings = { ...structuredClone(DEFAULT_FIRMWARE), ...(state as Partial<FirmwareSettings>) }; }
}
