// Windows Defender Firewall's policy as Windows keeps it in the registry (mpssvc's store): one value per rule under
// FirewallPolicy\FirewallRules, a `v2.30|Field=Value|...|` string, and one key per profile with EnableFirewall.
// netsh reads and writes it; the boot (kernel/boot/firewall.ts) applies it to the machine's network stack.
import { REG_DWORD, REG_SZ, type Registry } from '../ntos/cm/registry.ts';

export const FIREWALL_POLICY_KEY = 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\SharedAccess\\Parameters\\FirewallPolicy';
export const FIREWALL_RULES_KEY = `${FIREWALL_POLICY_KEY}\\FirewallRules`;
/** The profiles by their netsh names and their keys under FirewallPolicy. */
export const PROFILES = { domain: 'DomainProfile', private: 'StandardProfile', public: 'PublicProfile' } as const;
export type Profile = keyof typeof PROFILES;
/** The lab switch is a network Windows cannot identify, and Windows puts unidentified networks in Public. */
export const ACTIVE_PROFILE: Profile = 'public';

export interface FirewallRule { id: string; fields: [string, string][] }

export function parseRule(id: string, value: string): FirewallRule {
  const parts = value.split('|').filter(Boolean);
  return { id, fields: parts.slice(1).map((p) => { const i = p.indexOf('='); return [p.slice(0, i), p.slice(i + 1)] as [string, string]; }) };
}

export function formatRule(r: FirewallRule): string { return `v2.30|${r.fields.map(([k, v]) => `${k}=${v}`).join('|')}|`; }

/** A field's first value (Name, EmbedCtxt = the group, Active, Dir, Protocol, LPort...). */
export const field = (r: FirewallRule, name: string): string | undefined => r.fields.find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
export const fields = (r: FirewallRule, name: string): string[] => r.fields.filter(([k]) => k.toLowerCase() === name.toLowerCase()).map(([, v]) => v);
export const isActive = (r: FirewallRule): boolean => field(r, 'Active')?.toUpperCase() === 'TRUE';

export function readRules(reg: Registry): FirewallRule[] {
  const key = reg.open(FIREWALL_RULES_KEY);
  return [...(key?.values.values() ?? [])].filter((v) => typeof v.data === 'string').map((v) => parseRule(v.name, v.data as string));
}

export function writeRule(reg: Registry, r: FirewallRule): void { reg.create(FIREWALL_RULES_KEY).setValue(r.id, REG_SZ, formatRule(r)); }

export function setActive(r: FirewallRule, on: boolean): void {
  const f = r.fields.find(([k]) => k === 'Active');
  if (f) f[1] = on ? 'TRUE' : 'FALSE'; else r.fields.splice(1, 0, ['Active', on ? 'TRUE' : 'FALSE']);
}

/** Whether the firewall is on for a profile (on unless the policy says EnableFirewall = 0). */
export function profileEnabled(reg: Registry, p: Profile): boolean {
  return Number(reg.open(`${FIREWALL_POLICY_KEY}\\${PROFILES[p]}`)?.value('EnableFirewall')?.data ?? 1) !== 0;
}

export function setProfileEnabled(reg: Registry, p: Profile, on: boolean): void {
  reg.create(`${FIREWALL_POLICY_KEY}\\${PROFILES[p]}`).setValue('EnableFirewall', REG_DWORD, on ? 1 : 0);
}
