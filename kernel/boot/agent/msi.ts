// "WDK Test Target Setup x64-x64_en-us.msi", the package in the WDK's Remote\x64 folder that prepares a test target:
// the agent's program, its automatically started service, and C:\DriverTest.
import { encodeMsi } from '../../user/msi-package.ts';
import { AGENT_DISPLAY_NAME, AGENT_IMAGE, AGENT_SERVICE, AGENT_VERSION } from './protocol.ts';

export const TEST_TARGET_SETUP_MSI = 'C:\\Program Files (x86)\\Windows Kits\\10\\Remote\\x64\\WDK Test Target Setup x64-x64_en-us.msi';

export function testTargetSetupPackage(): Uint8Array {
  return encodeMsi({
    productName: 'WDK Test Target Setup x64', productVersion: AGENT_VERSION, manufacturer: 'Microsoft Corporation',
    productCode: '{5C3F0B2E-7D41-4E6A-9B8C-1A2D3E4F5061}',
    directories: ['C:\\DriverTest'],
    files: [{ path: AGENT_IMAGE, text: `WDK Test Target Agent ${AGENT_VERSION}\r\n` }],
    services: [{ name: AGENT_SERVICE, displayName: AGENT_DISPLAY_NAME, image: AGENT_IMAGE, type: 0x10, start: 2 }],
  });
}
