// sc: the Service Control Manager's command line for kernel drivers: create, start, stop, query, queryex, qc,
// delete, with sc's option syntax (`type= kernel binPath= C:\x.sys`) and its exact success and FAILED lines.
// The exit code is the Win32 error (0 on success), as sc returns it.
import { SERVICES_KEY } from '../../ntos/io/driver.ts';
import { SERVICE_KERNEL_DRIVER, SERVICE_FILE_SYSTEM_DRIVER, SERVICE_STOPPED, type ServiceStatus } from '../../ntos/io/services.ts';
import type { Command, Shell } from './shell.ts';

const TYPES: Record<string, number> = { kernel: SERVICE_KERNEL_DRIVER, filesys: SERVICE_FILE_SYSTEM_DRIVER, own: 0x10, share: 0x20 };
const TYPE_NAMES: Record<number, string> = { 1: 'KERNEL_DRIVER', 2: 'FILE_SYSTEM_DRIVER', 0x10: 'WIN32_OWN_PROCESS', 0x20: 'WIN32_SHARE_PROCESS' };
const STARTS: Record<string, number> = { boot: 0, system: 1, auto: 2, demand: 3, disabled: 4 };
const START_NAMES = ['BOOT_START', 'SYSTEM_START', 'AUTO_START', 'DEMAND_START', 'DISABLED'];
const STATE_NAMES: Record<number, string> = { 1: 'STOPPED', 2: 'START_PENDING', 3: 'STOP_PENDING', 4: 'RUNNING', 5: 'CONTINUE_PENDING', 6: 'PAUSE_PENDING', 7: 'PAUSED' };
const ERROR_CONTROLS: Record<string, number> = { ignore: 0, normal: 1, severe: 2, critical: 3 };
const ERROR_CONTROL_NAMES = ['IGNORE', 'NORMAL', 'SEVERE', 'CRITICAL'];

function failed(sh: Shell, api: string, error: number): number {
  sh.out(`[SC] ${api} FAILED ${error}:\n\n${sh.message(error)}\n\n`);
  return error;
}

/** `name= value` pairs after the service name (sc wants the space after '='). */
function options(args: string[]): Map<string, string> {
  const o = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.endsWith('=')) { o.set(a.slice(0, -1).toLowerCase(), args[i + 1] ?? ''); i++; }
  }
  return o;
}

function statusBlock(sh: Shell, s: ServiceStatus, ex: boolean): void {
  const io = sh.um.k.io;
  const driver = io.drivers.get(s.name.toLowerCase());
  // A Win32 service process takes stop and shutdown controls; a driver is stoppable when it has DriverUnload.
  const win32 = (s.type & 0x30) !== 0;
  const stoppable = win32 || (!!driver && !!io.at('DRIVER_OBJECT', driver.object).get('DriverUnload'));
  const hex = (n: number) => `${n}  (0x${n.toString(16)})`;
  let t = `\nSERVICE_NAME: ${s.name}\n`;
  t += `        TYPE               : ${s.type.toString(16)}  ${TYPE_NAMES[s.type] ?? ''}\n`;
  t += `        STATE              : ${s.state}  ${STATE_NAMES[s.state] ?? ''}\n`;
  if (s.state !== SERVICE_STOPPED) t += `                                (${stoppable ? 'STOPPABLE' : 'NOT_STOPPABLE'}, NOT_PAUSABLE, ${win32 ? 'ACCEPTS_SHUTDOWN' : 'IGNORES_SHUTDOWN'})\n`;
  t += `        WIN32_EXIT_CODE    : ${hex(s.win32ExitCode)}\n        SERVICE_EXIT_CODE  : ${hex(s.serviceExitCode)}\n`;
  t += `        CHECKPOINT         : 0x${s.checkPoint.toString(16)}\n        WAIT_HINT          : 0x${s.waitHint.toString(16)}\n`;
  if (ex) t += `        PID                : 0\n        FLAGS              :\n`;
  sh.out(t);
}

const usage = (sh: Shell) => {
  sh.out('DESCRIPTION:\n        SC is a command line program used for communicating with the\n        Service Control Manager and services.\nUSAGE:\n        sc <server> [command] [service name] <option1> <option2>...\n\n' +
    '        Commands:\n          query-----------Queries the status for a service.\n          queryex---------Queries the extended status for a service.\n' +
    '          start-----------Starts a service.\n          stop------------Sends a STOP control request to a service.\n' +
    '          qc--------------Queries the configuration information for a service.\n          delete----------Deletes a service (from the registry).\n' +
    '          create----------Creates a service. (adds it to the registry).\n');
  return 1;
};

export const sc: Command = (sh, args) => {
  const io = sh.um.k.io;
  const verb = (args[0] ?? '').toLowerCase();
  const name = args[1];
  if (!verb || (verb !== 'query' && verb !== 'queryex' && !name)) return usage(sh);
  switch (verb) {
    case 'create': {
      const o = options(args.slice(2));
      const bin = o.get('binpath');
      if (!bin) { sh.out('[SC] CreateService FAILED 87:\n\nThe parameter is incorrect.\n\n'); return 87; }
      const type = TYPES[(o.get('type') ?? 'own').toLowerCase()];
      const start = STARTS[(o.get('start') ?? 'demand').toLowerCase()];
      const errorControl = ERROR_CONTROLS[(o.get('error') ?? 'normal').toLowerCase()];
      if (type === undefined || start === undefined || errorControl === undefined) return failed(sh, 'CreateService', sh.um.errors.value('ERROR_INVALID_PARAMETER'));
      const e = io.services.create(name!, { type, start, errorControl, binaryPath: bin, displayName: o.get('displayname'), group: o.get('group') });
      if (e) return failed(sh, 'CreateService', e);
      sh.out('[SC] CreateService SUCCESS\n');
      return 0;
    }
    case 'start': {
      if (io.services.query(name!).error) return failed(sh, 'OpenService', io.services.query(name!).error);
      const answer = (e: number): number => {
        if (e) return failed(sh, 'StartService', e);
        statusBlock(sh, io.services.query(name!).status!, true);
        return 0;
      };
      const e = io.services.startWaiting(name!);
      return typeof e === 'number' ? answer(e) : e.then(answer);
    }
    case 'stop': {
      const q = io.services.query(name!);
      if (q.error) return failed(sh, 'OpenService', q.error);
      const e = io.services.stop(name!);
      if (e) return failed(sh, 'ControlService', e);
      statusBlock(sh, io.services.query(name!).status!, false);
      return 0;
    }
    case 'query': case 'queryex': {
      if (!name) {
        // All drivers known to the SCM that are running (sc query type= driver lists kernel drivers).
        for (const d of io.drivers.values()) { const q = io.services.query(d.service); if (q.status) statusBlock(sh, q.status, verb === 'queryex'); }
        return 0;
      }
      const q = io.services.query(name);
      if (q.error) return failed(sh, 'EnumQueryServicesStatus:OpenService', q.error);
      statusBlock(sh, q.status!, verb === 'queryex');
      return 0;
    }
    case 'qc': {
      const q = io.services.query(name!);
      if (q.error) return failed(sh, 'OpenService', q.error);
      const k = sh.um.k.registry.open(`${SERVICES_KEY}\\${name}`)!;
      const v = (n: string) => k.value(n)?.data;
      const start = Number(v('Start') ?? 3), ec = Number(v('ErrorControl') ?? 1);
      sh.out(`[SC] QueryServiceConfig SUCCESS\n\nSERVICE_NAME: ${q.status!.name}\n` +
        `        TYPE               : ${q.status!.type.toString(16)}  ${TYPE_NAMES[q.status!.type] ?? ''}\n` +
        `        START_TYPE         : ${start}   ${START_NAMES[start] ?? ''}\n` +
        `        ERROR_CONTROL      : ${ec}   ${ERROR_CONTROL_NAMES[ec] ?? ''}\n` +
        `        BINARY_PATH_NAME   : ${String(v('ImagePath') ?? '')}\n        LOAD_ORDER_GROUP   : ${String(v('Group') ?? '')}\n` +
        `        TAG                : 0\n        DISPLAY_NAME       : ${String(v('DisplayName') ?? q.status!.name)}\n` +
        `        DEPENDENCIES       :\n        SERVICE_START_NAME :\n`);
      return 0;
    }
    case 'delete': {
      const e = io.services.delete(name!);
      if (e) return failed(sh, e === sh.um.errors.value('ERROR_SERVICE_DOES_NOT_EXIST') ? 'OpenService' : 'DeleteService', e);
      sh.out('[SC] DeleteService SUCCESS\n');
      return 0;
    }
    default:
      return usage(sh);
  }
};

