/* lptirqtest - drives the interrupt-driven LptIrq driver from user mode: WriteFile sends challenges to the
   dongle on LPT1 (the driver completes the write from its DpcForIsr after the last IRQ 7), ReadFile returns the
   answers the ISR collected. Every failure prints the Win32 error from GetLastError. */
#include <windows.h>
#include <stdio.h>

int main(void)
{
    static const char challenge[] = "IRQ 7!";
    unsigned char answers[64];
    DWORD written = 0, read = 0, i;
    HANDLE device = CreateFileW(L"\\\\.\\LptIrq1", GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING,
                                FILE_ATTRIBUTE_NORMAL, NULL);

    if (device == INVALID_HANDLE_VALUE) {
        printf("CreateFile failed, error %lu\n", GetLastError());
        return 1;
    }
    if (!WriteFile(device, challenge, (DWORD)(sizeof(challenge) - 1), &written, NULL)) {
        printf("WriteFile failed, error %lu\n", GetLastError());
        CloseHandle(device);
        return 1;
    }
    printf("wrote %lu bytes\n", written);
    if (!ReadFile(device, answers, sizeof(answers), &read, NULL)) {
        printf("ReadFile failed, error %lu\n", GetLastError());
        CloseHandle(device);
        return 1;
    }
    printf("read %lu answers:", read);
    for (i = 0; i < read; i++) printf(" %02x", answers[i]);
    printf("\n");
    CloseHandle(device);
    return 0;
}
