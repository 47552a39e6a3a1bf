// The one place for the Windows version our target reports (RtlGetVersion, PsGetVersion, the debugger's banner):
// Windows 10, version 2004 (build 19041), whose NTDDI value our sdkddkver.h names NTDDI_WIN10_VB.
export const OS_VERSION = { major: 10, minor: 0, build: 19041, servicePack: '', ntddiName: 'NTDDI_WIN10_VB' } as const;
/** The build lab string (vertarget's `Edition build lab:`) of a build. */
export const buildLab = (build: number): string => `${build}.1.amd64fre.vb_release.191206-1406`;
