/* regtool: the registry from a program, through advapi32's Reg* calls.
 *   regtool set <subkey of HKLM> <name> dword|sz <value>   RegCreateKeyExA + RegSetValueExA
 *   regtool get <subkey> <name>                            RegOpenKeyExA(KEY_READ) + RegQueryValueExA
 *   regtool list <subkey>                                  RegEnumKeyExA
 *   regtool del <subkey> <name>                            RegDeleteValueA, then RegDeleteKeyA of an empty key
 *   regtool readonly <subkey> <name>                       RegSetValueExA on a KEY_READ handle (access denied)
 *   regtool wide <subkey>                                  the W calls: create, set, query with a short buffer
 * Prints what it did and exits with the LSTATUS of the call that failed (0 when all succeeded). */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int report(const char *what, LSTATUS e) {
    if (e != ERROR_SUCCESS) printf("%s failed: %ld\n", what, (long)e);
    return (int)e;
}

static int set(const char *sub, const char *name, const char *type, const char *text) {
    HKEY key;
    DWORD disposition = 0;
    LSTATUS e = RegCreateKeyExA(HKEY_LOCAL_MACHINE, sub, 0, NULL, 0, KEY_WRITE | KEY_READ, NULL, &key, &disposition);
    if (e) return report("RegCreateKeyExA", e);
    printf("%s HKLM\\%s\n", disposition == REG_CREATED_NEW_KEY ? "created" : "opened", sub);
    if (strcmp(type, "dword") == 0) {
        DWORD v = (DWORD)strtoul(text, NULL, 0);
        e = RegSetValueExA(key, name, 0, REG_DWORD, (const BYTE *)&v, sizeof v);
    } else {
        e = RegSetValueExA(key, name, 0, REG_SZ, (const BYTE *)text, (DWORD)strlen(text) + 1);
    }
    RegCloseKey(key);
    return report("RegSetValueExA", e);
}

static int get(const char *sub, const char *name) {
    HKEY key;
    LSTATUS e = RegOpenKeyExA(HKEY_LOCAL_MACHINE, sub, 0, KEY_READ, &key);
    if (e) return report("RegOpenKeyExA", e);
    DWORD type = 0, size = 0;
    e = RegQueryValueExA(key, name, NULL, &type, NULL, &size); /* the size first, as callers do */
    if (e) { RegCloseKey(key); return report("RegQueryValueExA", e); }
    BYTE *data = (BYTE *)malloc(size + 1);
    e = RegQueryValueExA(key, name, NULL, &type, data, &size);
    RegCloseKey(key);
    if (e) { free(data); return report("RegQueryValueExA", e); }
    if (type == REG_DWORD) printf("%s = REG_DWORD 0x%lx (%lu bytes)\n", name, (unsigned long)*(DWORD *)data, (unsigned long)size);
    else printf("%s = REG_SZ \"%s\" (%lu bytes)\n", name, (char *)data, (unsigned long)size);
    free(data);
    return 0;
}

static int list(const char *sub) {
    HKEY key;
    LSTATUS e = RegOpenKeyExA(HKEY_LOCAL_MACHINE, sub, 0, KEY_READ, &key);
    if (e) return report("RegOpenKeyExA", e);
    for (DWORD i = 0;; i++) {
        char name[256];
        DWORD chars = sizeof name;
        e = RegEnumKeyExA(key, i, name, &chars, NULL, NULL, NULL, NULL);
        if (e == ERROR_NO_MORE_ITEMS) break;
        if (e) { RegCloseKey(key); return report("RegEnumKeyExA", e); }
        printf("  %s\n", name);
    }
    return report("RegCloseKey", RegCloseKey(key));
}

static int del(const char *sub, const char *name) {
    HKEY key;
    LSTATUS e = RegOpenKeyExA(HKEY_LOCAL_MACHINE, sub, 0, KEY_ALL_ACCESS, &key);
    if (e) return report("RegOpenKeyExA", e);
    e = RegDeleteValueA(key, name);
    RegCloseKey(key);
    if (e) return report("RegDeleteValueA", e);
    return report("RegDeleteKeyA", RegDeleteKeyA(HKEY_LOCAL_MACHINE, sub));
}

static int readonly(const char *sub, const char *name) {
    HKEY key;
    LSTATUS e = RegOpenKeyExA(HKEY_LOCAL_MACHINE, sub, 0, KEY_READ, &key);
    if (e) return report("RegOpenKeyExA", e);
    DWORD v = 1;
    e = RegSetValueExA(key, name, 0, REG_DWORD, (const BYTE *)&v, sizeof v);
    RegCloseKey(key);
    return report("RegSetValueExA", e);
}

static int wide(const char *sub) {
    wchar_t path[200];
    for (int i = 0; ; i++) { path[i] = (wchar_t)sub[i]; if (!sub[i]) break; }
    HKEY key;
    LSTATUS e = RegCreateKeyExW(HKEY_LOCAL_MACHINE, path, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &key, NULL);
    if (e) return report("RegCreateKeyExW", e);
    const wchar_t text[] = L"Wide text";
    e = RegSetValueExW(key, L"Greeting", 0, REG_SZ, (const BYTE *)text, sizeof text);
    if (e) return report("RegSetValueExW", e);
    wchar_t small[4];
    DWORD size = sizeof small, type = 0;
    e = RegQueryValueExW(key, L"Greeting", NULL, &type, (BYTE *)small, &size);
    printf("short buffer: %ld, %lu bytes needed\n", (long)e, (unsigned long)size);
    wchar_t back[32];
    size = sizeof back;
    e = RegQueryValueExW(key, L"Greeting", NULL, &type, (BYTE *)back, &size);
    if (e) return report("RegQueryValueExW", e);
    printf("read back %lu bytes, %s\n", (unsigned long)size, memcmp(back, text, sizeof text) == 0 ? "same text" : "different text");
    e = RegQueryValueExW(key, L"NoSuchValue", NULL, &type, (BYTE *)back, &size);
    printf("missing value: %ld\n", (long)e);
    RegCloseKey(key);
    e = RegCloseKey(key);
    printf("closed twice: %ld\n", (long)e);
    return 0;
}

int main(int argc, char **argv) {
    if (argc >= 6 && strcmp(argv[1], "set") == 0) return set(argv[2], argv[3], argv[4], argv[5]);
    if (argc >= 4 && strcmp(argv[1], "get") == 0) return get(argv[2], argv[3]);
    if (argc >= 3 && strcmp(argv[1], "list") == 0) return list(argv[2]);
    if (argc >= 4 && strcmp(argv[1], "del") == 0) return del(argv[2], argv[3]);
    if (argc >= 4 && strcmp(argv[1], "readonly") == 0) return readonly(argv[2], argv[3]);
    if (argc >= 3 && strcmp(argv[1], "wide") == 0) return wide(argv[2]);
    printf("usage: regtool set|get|list|del|readonly|wide ...\n");
    return 87;
}
