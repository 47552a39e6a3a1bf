// pnputil: driver packages in the driver store (/add-driver x.inf [/install], /enum-drivers, /enum-devices,
// /delete-driver oemN.inf [/uninstall]). The driver store and PnP installs belong to the PnP component; until it
// exists the store is empty and adding a package fails with the Windows error.
import type { Command } from './shell.ts';
import { devicesOf } from '../dll/cfgmgr32.ts';

const HEAD = 'Microsoft PnP Utility\n\n';

export const pnputil: Command = (sh, args) => {
  const verb = (args[0] ?? '').toLowerCase().replace(/^-/, '/');
  switch (verb) {
    case '/add-driver': {
      const inf = args[1];
      if (!inf) break;
      const path = sh.full(inf);
      sh.out(HEAD + `Adding driver package:  ${inf}\n`);
      if (!sh.disk?.stat(path)) { sh.out(`Failed to add driver package: ${sh.message(2)}\n\nTotal driver packages:  1\nAdded driver packages:  0\n`); return 2; }
      sh.out(`Failed to add driver package: ${sh.message(sh.um.c('ERROR_NOT_SUPPORTED'))}\n\nTotal driver packages:  1\nAdded driver packages:  0\n`);
      return sh.um.c('ERROR_NOT_SUPPORTED');
    }
    case '/enum-drivers': sh.out(HEAD); return 0;
    case '/enum-devices': {
      let t = HEAD;
      for (const d of devicesOf(sh.um.k)) t += `Instance ID:                ${d.instanceId}\nDevice Description:         ${String(d.properties['DeviceDesc'] ?? '')}\nStatus:                     ${d.problem ? 'Problem' : 'Started'}\n\n`;
      sh.out(t);
      return 0;
    }
    case '/delete-driver': {
      const name = args[1];
      if (!name) break;
      sh.out(HEAD + `Failed to delete driver package: ${sh.message(sh.um.c('ERROR_FILE_NOT_FOUND'))}\n`);
      return 2;
    }
  }
  sh.out(HEAD + 'PNPUTIL [/add-driver <...> | /delete-driver <...> | /enum-drivers | /enum-devices]\n');
  return 87;
};
