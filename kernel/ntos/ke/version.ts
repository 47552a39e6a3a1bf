// The one place for the Windows version our target reports (RtlGetVersion, PsGetVersion, the debugger's banner):
// Windows 10, version 2004 (build 19041), whose NTDDI value our sdkddkver.h names NTDDI_WIN10_VB.
export const OS_VERSION = { major: 10, minor: 0, build: 19041, servicePack: '', ntddiName: 'NTDDI_WIN10_VB' } as const;
