/* installer - installs and controls a kernel driver through the service control manager, the way a
   legacy (non-PnP) driver such as DongLpt is installed without an INF.
   Usage: installer install <service> <full path of the .sys>
          installer start|stop|remove|status <service> */
#include <windows.h>
#include <stdio.h>
#include <tchar.h>

static const TCHAR *StateName(DWORD state)
{
    switch (state) {
    case SERVICE_STOPPED: return _T("STOPPED");
    case SERVICE_START_PENDING: return _T("START_PENDING");
    case SERVICE_STOP_PENDING: return _T("STOP_PENDING");
    case SERVICE_RUNNING: return _T("RUNNING");
    case SERVICE_CONTINUE_PENDING: return _T("CONTINUE_PENDING");
    case SERVICE_PAUSE_PENDING: return _T("PAUSE_PENDING");
    case SERVICE_PAUSED: return _T("PAUSED");
    default: return _T("UNKNOWN");
    }
}

/* Prints the failing call and its Win32 error, with a word on the errors people meet most. */
static int Failed(const TCHAR *call)
{
    DWORD error = GetLastError();
    _tprintf(_T("%s failed, error %lu\n"), call, error);
    switch (error) {
    case ERROR_ACCESS_DENIED: _tprintf(_T("  run from an elevated (administrator) prompt\n")); break;
    case ERROR_SERVICE_EXISTS: _tprintf(_T("  the service is already installed\n")); break;
    case ERROR_SERVICE_DOES_NOT_EXIST: _tprintf(_T("  no such service is installed\n")); break;
    case ERROR_SERVICE_ALREADY_RUNNING: _tprintf(_T("  the driver is already running\n")); break;
    case ERROR_SERVICE_NOT_ACTIVE: _tprintf(_T("  the driver is not running\n")); break;
    case ERROR_SERVICE_MARKED_FOR_DELETE: _tprintf(_T("  the service is marked for deletion; close open handles\n")); break;
    case ERROR_FILE_NOT_FOUND: _tprintf(_T("  the driver file was not found\n")); break;
    case ERROR_INVALID_IMAGE_HASH: _tprintf(_T("  the driver is not signed (enable test signing)\n")); break;
    case ERROR_DRIVER_BLOCKED: _tprintf(_T("  the driver is blocked from loading\n")); break;
    default: break;
    }
    return 1;
}

static void PrintStatus(const TCHAR *name, const SERVICE_STATUS *status)
{
    _tprintf(_T("SERVICE_NAME: %s\n"), name);
    _tprintf(_T("        TYPE               : %lx\n"), status->dwServiceType);
    _tprintf(_T("        STATE              : %lu  %s\n"), status->dwCurrentState, StateName(status->dwCurrentState));
    _tprintf(_T("        WIN32_EXIT_CODE    : %lu  (0x%lx)\n"), status->dwWin32ExitCode, status->dwWin32ExitCode);
}

static int Install(SC_HANDLE scm, const TCHAR *name, const TCHAR *path)
{
    SC_HANDLE service = CreateService(scm, name, name, SERVICE_ALL_ACCESS, SERVICE_KERNEL_DRIVER,
                                      SERVICE_DEMAND_START, SERVICE_ERROR_NORMAL, path, NULL, NULL, NULL, NULL, NULL);
    if (service == NULL) {
        return Failed(_T("CreateService"));
    }
    _tprintf(_T("[SC] CreateService SUCCESS: %s -> %s\n"), name, path);
    CloseServiceHandle(service);
    return 0;
}

static int Control(SC_HANDLE scm, const TCHAR *verb, const TCHAR *name)
{
    SERVICE_STATUS status;
    SC_HANDLE service = OpenService(scm, name, SERVICE_ALL_ACCESS);
    int result = 0;

    if (service == NULL) {
        return Failed(_T("OpenService"));
    }
    ZeroMemory(&status, sizeof(status));

    if (_tcscmp(verb, _T("start")) == 0) {
        if (!StartService(service, 0, NULL)) {
            result = Failed(_T("StartService"));
        } else if (QueryServiceStatus(service, &status)) {
            PrintStatus(name, &status);
        }
    } else if (_tcscmp(verb, _T("stop")) == 0) {
        if (!ControlService(service, SERVICE_CONTROL_STOP, &status)) {
            result = Failed(_T("ControlService"));
        } else {
            PrintStatus(name, &status);
        }
    } else if (_tcscmp(verb, _T("remove")) == 0) {
        if (!DeleteService(service)) {
            result = Failed(_T("DeleteService"));
        } else {
            _tprintf(_T("[SC] DeleteService SUCCESS\n"));
        }
    } else {
        SERVICE_STATUS_PROCESS process;
        DWORD needed = 0;
        if (!QueryServiceStatusEx(service, SC_STATUS_PROCESS_INFO, (LPBYTE)&process, sizeof(process), &needed)) {
            result = Failed(_T("QueryServiceStatusEx"));
        } else {
            status.dwServiceType = process.dwServiceType;
            status.dwCurrentState = process.dwCurrentState;
            status.dwWin32ExitCode = process.dwWin32ExitCode;
            PrintStatus(name, &status);
        }
    }

    CloseServiceHandle(service);
    return result;
}

int _tmain(int argc, TCHAR *argv[])
{
    SC_HANDLE scm;
    int result;
    const TCHAR *verb = argc > 1 ? argv[1] : _T("");
    BOOL install = _tcscmp(verb, _T("install")) == 0;
    BOOL known = install || _tcscmp(verb, _T("start")) == 0 || _tcscmp(verb, _T("stop")) == 0 ||
                 _tcscmp(verb, _T("remove")) == 0 || _tcscmp(verb, _T("status")) == 0;

    if (!known || argc != (install ? 4 : 3)) {
        _tprintf(_T("usage: installer install <service> <driver path>\n")
                 _T("       installer start|stop|remove|status <service>\n"));
        return 1;
    }

    scm = OpenSCManager(NULL, SERVICES_ACTIVE_DATABASE, SC_MANAGER_ALL_ACCESS);
    if (scm == NULL) {
        return Failed(_T("OpenSCManager"));
    }
    result = install ? Install(scm, argv[2], argv[3]) : Control(scm, verb, argv[2]);
    CloseServiceHandle(scm);
    return result;
}
