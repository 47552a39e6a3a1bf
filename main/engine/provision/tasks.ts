// The task names Visual Studio's provisioning reports, in its order (from ../shared/reference): each is reported
// "completed successfully" or failed. Tasks marked `reboot` may restart the target.
export const PROVISION_TASKS = [
  'Installing necessary components',
  'Copying required files',
  'Configuring WDK Remote User Account',
  'Installing .NET Framework (possible reboot)',
  'Installing VC Redist (x64)',
  'Installing test automation (x86/x64)',
  'Installing debuggers (x86/x64)',
  'Installing driver test framework',
  'Registering logging components',
  'Configuring TAEF test service to start automatically',
  'Configuring kernel debugger settings (possible reboot)',
  'Configuring computer settings (possible reboot)',
  'Creating system restore point',
] as const;

export type ProvisionTask = (typeof PROVISION_TASKS)[number];
