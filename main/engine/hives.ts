// The registry hives a freshly installed target's disk holds, made with the configuration manager's own Registry
// (the kernel loads them at boot): the SYSTEM hive with the computer name, and an empty SOFTWARE hive.
import { Registry, REG_SZ, type RegKeyState } from '../../kernel/ntos/cm/registry.ts';

export function initialHives(computerName: string): { system: RegKeyState; software: RegKeyState } {
  const r = new Registry();
  r.create('HKLM\\SYSTEM\\CurrentControlSet\\Control\\ComputerName\\ComputerName').setValue('ComputerName', REG_SZ, computerName);
  r.create('HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters').setValue('Hostname', REG_SZ, computerName);
  const machine = r.saveState().subkeys.find((k) => k.name === 'MACHINE')!;
  return { system: machine.subkeys.find((k) => k.name === 'SYSTEM')!, software: machine.subkeys.find((k) => k.name === 'SOFTWARE')! };
}
