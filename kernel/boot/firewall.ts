// Windows Defender Firewall's inbound rules on the target, kept where Windows keeps them
// (SharedAccess\Parameters\FirewallPolicy\FirewallRules, one value per rule) and applied to the machine's network
// stack at boot and whenever netsh changes them: echo requests and file sharing (File and Printer Sharing) and name
// queries (Network Discovery). With the active profile's firewall off, everything is let in.
import type { Machine } from '../../main/machine/machine.ts';
import { REG_SZ, type Registry } from '../ntos/cm/registry.ts';
import { ACTIVE_PROFILE, FIREWALL_RULES_KEY, isActive, parseRule, profileEnabled } from '../user/firewall-store.ts';
import { AGENT_PORT } from './agent/protocol.ts';

export { FIREWALL_RULES_KEY };

/** The rules provisioning depends on: the rule's value name, its group, and what it lets in. */
export const RULES = {
  echo: { id: 'FPS-ICMP4-ERQ-In', group: 'File and Printer Sharing', name: 'File and Printer Sharing (Echo Request - ICMPv4-In)', spec: 'Protocol=1|ICMP4=8:*' },
  smb: { id: 'FPS-SMB-In-TCP', group: 'File and Printer Sharing', name: 'File and Printer Sharing (SMB-In)', spec: `Protocol=6|LPort=445|LPort=${AGENT_PORT}` },
  llmnr: { id: 'NETDIS-LLMNR-In-UDP', group: 'Network Discovery', name: 'Network Discovery (LLMNR-UDP-In)', spec: 'Protocol=17|LPort=5355' },
} as const;

/** The registry value Windows stores for a rule (its fields as in the real rule strings). */
export function ruleValue(r: (typeof RULES)[keyof typeof RULES], active: boolean): string {
  return `v2.30|Action=Allow|Active=${active ? 'TRUE' : 'FALSE'}|Dir=In|${r.spec}|Name=${r.name}|EmbedCtxt=${r.group}|`;
}

/** Whether a rule is on; undefined when the registry does not have it (the machine's configured default holds). */
function active(reg: Registry, id: string): boolean | undefined {
  const v = reg.open(FIREWALL_RULES_KEY)?.value(id)?.data;
  if (typeof v !== 'string') return undefined;
  return isActive(parseRule(id, v));
}

/** Windows always has these rules; a disk that lacks them gets them as the machine's configured defaults stand. */
function ensureRules(reg: Registry, defaults: { echo: boolean; llmnr: boolean }): void {
  const key = reg.create(FIREWALL_RULES_KEY);
  const want: [(typeof RULES)[keyof typeof RULES], boolean][] = [[RULES.echo, defaults.echo], [RULES.smb, true], [RULES.llmnr, defaults.llmnr]];
  for (const [r, on] of want) if (!key.value(r.id)) key.setValue(r.id, REG_SZ, ruleValue(r, on));
}

export function applyFirewall(m: Machine, reg: Registry): void {
  const net = m.net;
  if (!net) return;
  ensureRules(reg, { echo: net.firewall.echoRequest, llmnr: net.firewall.networkDiscovery });
  const off = !profileEnabled(reg, ACTIVE_PROFILE);
  const echo = off || active(reg, RULES.echo.id), llmnr = off || active(reg, RULES.llmnr.id), smb = off || active(reg, RULES.smb.id);
  if (echo !== undefined) net.firewall.echoRequest = echo;
  if (llmnr !== undefined) net.firewall.networkDiscovery = llmnr;
  const sharing = smb ?? true;
  net.inboundTcpAllowed = (port) => (port === 445 || port === AGENT_PORT ? sharing : true);
}
