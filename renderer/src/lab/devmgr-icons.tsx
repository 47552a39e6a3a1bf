// Device Manager's pictures: one icon of ours per device setup class (assets/icons/devmgr), and the overlays Windows
// draws on a device's icon: the down arrow of a disabled device, the yellow triangle of a device with a problem.
import type { Device } from '../../../main/api/contract.ts';

const CLASS_ICON: Record<string, string> = {
  Computer: 'computer', System: 'system', Ports: 'ports', Net: 'net', HDC: 'hdc', DiskDrive: 'diskdrive', Sample: 'sample',
  StackSample: 'sample', Display: 'display', Keyboard: 'keyboard', Mouse: 'mouse', USB: 'usb', Processor: 'processor',
  Monitor: 'monitor', SCSIAdapter: 'storage', SoftwareDevice: 'software', Extension: 'extension', Unknown: 'unknown',
};

export const classIcon = (className: string) => `./devmgr/${CLASS_ICON[className] ?? 'device'}.svg`;

/** A device's icon with its overlay (disabled wins over a problem, as Device Manager draws them). */
export function DeviceIcon({ d }: { d: Device }) {
  const badge = d.disabled ? 'disabled' : d.problem && !d.hidden ? 'problem' : '';
  return (
    <span className="dm-icon">
      <img src={classIcon(d.className)} alt="" />
      {badge && <img className="badge" data-testid={`badge-${badge}`} src={`./devmgr/${badge}.svg`} alt={badge} />}
    </span>
  );
}
