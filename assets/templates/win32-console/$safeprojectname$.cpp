// $safeprojectname$.cpp: the program starts in main() and ends when main returns.
// Build it, deploy it with your driver, and run $safeprojectname$.exe at the target's command prompt.
#include <stdio.h>

int main(int argc, char* argv[])
{
    (void)argc;
    (void)argv;
    printf("Hello World!\n");
    return 0;
}
