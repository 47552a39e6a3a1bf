// The in-box wudfrd.inf (C:\Windows\INF): what a UMDF driver's INF pulls in with `Include=WUDFRD.inf` and
// `Needs=WUDFRD.NT`, `WUDFRD.NT.HW`, `WUDFRD.NT.Services` - the reflector as the device's kernel service. Our own
// text; the section names, the service and its values are the facts driver INFs rely on.
export const WUDFRD_INF = `; wudfrd.inf - the User-mode Driver Framework reflector (WUDFRd.sys).
; UMDF driver packages include this file and name the sections they need.

[Version]
Signature="$WINDOWS NT$"
Class=System
ClassGuid={4d36e97d-e325-11ce-bfc1-08002be10318}
Provider=%Msft%
DriverVer=06/21/2006,10.0.19041.1

[WUDFRD.NT]
; WUDFRd.sys ships with Windows: nothing to copy.

[WUDFRD.NT.HW]

[WUDFRD.NT.Services]
AddService=WUDFRd,0x000001fa,WUDFRD_ServiceInstall

[WUDFRD_ServiceInstall]
DisplayName=%WudfRdDisplayName%
ServiceType=1
StartType=3
ErrorControl=1
ServiceBinary=%12%\\WUDFRd.sys
LoadOrderGroup=Base

[Strings]
Msft="Microsoft"
WudfRdDisplayName="Windows Driver Foundation - User-mode Driver Framework Reflector"
`;

/** In-box INFs a package may Include=, by lower-case file name. */
export const INBOX_INFS: Readonly<Record<string, string>> = { 'wudfrd.inf': WUDFRD_INF };
