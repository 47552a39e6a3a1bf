/* locate - finds a device by its instance ID with CM_Locate_DevNode and prints what the configuration manager
   says of it (ID, status, problem); opens a path with CreateFileA; ends with ExitProcess, so the exit code is
   the one it passes, not main's return.
   Usage: locate <instance ID> [<path to open>] */
#include <windows.h>
#include <cfgmgr32.h>
#include <stdio.h>

int main(int argc, char **argv)
{
    DEVINST dev = 0;
    CHAR id[MAX_DEVICE_ID_LEN];
    ULONG status = 0, problem = 0;
    CONFIGRET cr;
    HANDLE h;

    if (argc < 2) {
        printf("usage: locate <instance ID> [<path to open>]\n");
        return 2;
    }
    cr = CM_Locate_DevNodeA(&dev, argv[1], CM_LOCATE_DEVNODE_NORMAL);
    if (cr != CR_SUCCESS) {
        printf("CM_Locate_DevNode(%s) failed: CR 0x%08lX\n", argv[1], cr);
        ExitProcess(3);
    }
    if (CM_Get_Device_IDA(dev, id, sizeof(id), 0) != CR_SUCCESS) {
        printf("CM_Get_Device_ID failed\n");
        ExitProcess(4);
    }
    cr = CM_Get_DevNode_Status(&status, &problem, dev, 0);
    printf("%s: %s", id, cr != CR_SUCCESS ? "no status" : (status & DN_HAS_PROBLEM) ? "problem" : (status & DN_STARTED) ? "started" : "stopped");
    if (cr == CR_SUCCESS && (status & DN_HAS_PROBLEM)) printf(" %lu", problem);
    printf("\n");

    if (argc > 2) {
        h = CreateFileA(argv[2], GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
        if (h == INVALID_HANDLE_VALUE) {
            printf("CreateFileA(%s) failed, error %lu\n", argv[2], GetLastError());
            ExitProcess(5);
        }
        printf("CreateFileA(%s) opened\n", argv[2]);
        CloseHandle(h);
    }
    ExitProcess(0);
}
