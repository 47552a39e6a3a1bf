/* greet - reads a line from the console, greets it, says where it runs (environment, current process id) and
   sends a line to the kernel debugger with OutputDebugString; sleeps 100 ms on the machine clock. */
#include <windows.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
    char name[64];
    char computer[64];
    DWORD start, slept;

    printf("Your name? ");
    if (fgets(name, sizeof(name), stdin) == NULL) {
        printf("no input\n");
        return 2;
    }
    name[strcspn(name, "\r\n")] = '\0';
    if (GetEnvironmentVariableA("COMPUTERNAME", computer, sizeof(computer)) == 0) {
        printf("GetEnvironmentVariable failed, error %lu\n", GetLastError());
        return 1;
    }
    printf("Hello, %s, from %s (pid %s)\n", name, computer, GetCurrentProcessId() > 4 ? "user" : "system");
    OutputDebugStringA("greet: said hello\n");
    start = GetTickCount();
    Sleep(100);
    slept = GetTickCount() - start;
    printf("slept %s\n", slept >= 100 && slept < 200 ? "100 ms" : "wrong");
    if (GetEnvironmentVariableA("NO_SUCH_VARIABLE", computer, sizeof(computer)) == 0) {
        printf("missing variable: error %lu\n", GetLastError());
    }
    return (int)strlen(name);
}
