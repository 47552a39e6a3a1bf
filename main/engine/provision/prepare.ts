// Preparing a target as the seed's "Prepare the target computer" steps do, on a powered-off target's disk and
// firmware (each a real setting the boot reads): WDK Test Target Setup installed (the agent's program and its
// automatic-start service) at the version of the target's WDK, Secure Boot on or off, the firewall's inbound rules
// for File and Printer Sharing and Network Discovery.
import { SYSTEM_HIVE_PATH } from '../../machine/devices/disk.ts';
import { Registry, REG_DWORD, REG_EXPAND_SZ, REG_SZ, type RegKeyState } from '../../../kernel/ntos/cm/registry.ts';
import { AGENT_DISPLAY_NAME, AGENT_IMAGE, AGENT_SERVICE, AGENT_VERSION } from '../../../kernel/boot/agent/protocol.ts';
import { FIREWALL_RULES_KEY, RULES, ruleValue } from '../../../kernel/boot/firewall.ts';
import { agentProgramText, TEST_TARGET_SETUP_MSI, testTargetSetupPackage } from '../../../kernel/boot/agent/msi.ts';
import type { LabEngine } from '../lab-engine.ts';

export interface TargetPreparation {
  /** WDK Test Target Setup (the .msi) installed. Default true; when false the .msi is left in the WDK's Remote\x64
   *  folder on the target, as if copied from the host, for the learner to run. */
  testTargetSetup?: boolean;
  /** The version of the WDK installed on the target (its Remote\x64 .msi and the Test Target Setup from it).
   *  Default: the host's (AGENT_VERSION); another one fails provisioning until the host's version is installed. */
  testTargetSetupVersion?: string;
  /** Secure Boot in the firmware. Default false (turned off, as the seed asks). */
  secureBoot?: boolean;
  /** Inbound rules for File and Printer Sharing (echo, SMB and the agent). Default true. */
  fileSharing?: boolean;
  /** Only the SMB-In rule of the group (the agent's connections), when it differs from the echo rule. */
  smb?: boolean;
  /** Inbound rule for Network Discovery (name queries). Default true. */
  networkDiscovery?: boolean;
}

async function editSystemHive(lab: LabEngine, name: string, edit: (r: Registry) => void): Promise<void> {
  const host = lab.machineHost(name);
  const bytes = await host.request<Uint8Array>({ t: 'disk', op: 'read', path: SYSTEM_HIVE_PATH });
  const r = new Registry();
  const hive = JSON.parse(Buffer.from(bytes).toString('utf8')) as RegKeyState;
  r.loadState({ name: 'REGISTRY', values: [], subkeys: [{ name: 'MACHINE', values: [], subkeys: [{ ...hive, name: 'SYSTEM' }] }] });
  edit(r);
  const system = r.saveState().subkeys.find((k) => k.name === 'MACHINE')!.subkeys.find((k) => k.name === 'SYSTEM')!;
  await host.request({ t: 'disk', op: 'write', path: SYSTEM_HIVE_PATH, data: new Uint8Array(Buffer.from(JSON.stringify(system))) });
}

/** Apply the preparation to a target that is off (a running system would overwrite its hive). */
export async function prepareTarget(lab: LabEngine, name: string, p: TargetPreparation = {}): Promise<void> {
  const state = lab.status(name).state;
  if (state !== 'off') throw new Error(`${name} must be off to change its installation (it is ${state}).`);
  const host = lab.machineHost(name);
  await lab.setFirmware(name, { secureBoot: p.secureBoot ?? false });
  const install = p.testTargetSetup ?? true;
  const version = p.testTargetSetupVersion ?? AGENT_VERSION;
  if (install) {
    await host.request({ t: 'disk', op: 'mkdir', path: AGENT_IMAGE.slice(0, AGENT_IMAGE.lastIndexOf('\\')) });
    await host.request({ t: 'disk', op: 'write', path: AGENT_IMAGE, data: new TextEncoder().encode(agentProgramText(version)) });
  }
  await host.request({ t: 'disk', op: 'mkdir', path: TEST_TARGET_SETUP_MSI.slice(0, TEST_TARGET_SETUP_MSI.lastIndexOf('\\')) });
  await host.request({ t: 'disk', op: 'write', path: TEST_TARGET_SETUP_MSI, data: testTargetSetupPackage(version) });
  await editSystemHive(lab, name, (r) => {
    const svc = `HKLM\\SYSTEM\\CurrentControlSet\\Services\\${AGENT_SERVICE}`;
    if (install) {
      const k = r.create(svc);
      k.setValue('Type', REG_DWORD, 0x10); k.setValue('Start', REG_DWORD, 2); k.setValue('ErrorControl', REG_DWORD, 1);
      k.setValue('ImagePath', REG_EXPAND_SZ, `"${AGENT_IMAGE}"`); k.setValue('DisplayName', REG_SZ, AGENT_DISPLAY_NAME);
      k.setValue('ObjectName', REG_SZ, 'LocalSystem');
    } else r.delete(svc);
    const rules = r.create(FIREWALL_RULES_KEY);
    const sharing = p.fileSharing ?? true, discovery = p.networkDiscovery ?? true;
    rules.setValue(RULES.echo.id, REG_SZ, ruleValue(RULES.echo, sharing));
    rules.setValue(RULES.smb.id, REG_SZ, ruleValue(RULES.smb, p.smb ?? sharing));
    rules.setValue(RULES.llmnr.id, REG_SZ, ruleValue(RULES.llmnr, discovery));
  });
}
