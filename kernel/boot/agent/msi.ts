// "WDK Test Target Setup x64-x64_en-us.msi", the package in the WDK's Remote\x64 folder that prepares a test target:
// the agent's program, its automatically started service, and C:\DriverTest. Each WDK release ships its own version
// of it (the agent's program says which), and the host's WDK works only with its own.
import { encodeMsi } from '../../user/msi-package.ts';
import { AGENT_DISPLAY_NAME, AGENT_IMAGE, AGENT_SERVICE, AGENT_VERSION } from './protocol.ts';

export const TEST_TARGET_SETUP_MSI = 'C:\\Program Files (x86)\\Windows Kits\\10\\Remote\\x64\\WDK Test Target Setup x64-x64_en-us.msi';

/** What the agent's program file holds: its name and version (as a real .exe's version resource does). */
export function agentProgramText(version: string): string { return `WDK Test Target Agent ${version}\r\n`; }

/** The version an agent program file says it is, or undefined when it is not one. */
export function agentProgramVersion(text: string): string | undefined { return /^WDK Test Target Agent (\S+)/.exec(text)?.[1]; }

/** The package of the WDK at `version` (default: the lab's WDK, the host's). */
export function testTargetSetupPackage(version = AGENT_VERSION): Uint8Array {
  return encodeMsi({
    productName: 'WDK Test Target Setup x64', productVersion: version, manufacturer: 'Microsoft Corporation',
    productCode: '{5C3F0B2E-7D41-4E6A-9B8C-1A2D3E4F5061}',
    directories: ['C:\\DriverTest'],
    files: [{ path: AGENT_IMAGE, text: agentProgramText(version) }],
    services: [{ name: AGENT_SERVICE, displayName: AGENT_DISPLAY_NAME, image: AGENT_IMAGE, type: 0x10, start: 2 }],
  });
}
