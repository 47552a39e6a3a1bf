// Starting and stopping a kernel driver's service from a user thread's kernel half (advapi32's StartService and
// ControlService). The I/O manager's ServiceControl.start/stop run their own scheduler loop, which cannot nest
// inside a running thread; they take these steps instead when the I/O manager offers step forms
// (startStep/stopStep). Until then the same sequence runs here from the I/O manager's exported pieces.
import type { Step } from '../ntos/ob/manager.ts';
import type { IoManager } from '../ntos/io/iomgr.ts';
import { iopLoadDriver, iopUnloadDriver, SERVICES_KEY } from '../ntos/io/driver.ts';
import { ERROR, SERVICE_DISABLED, imagePathToNt } from '../ntos/io/services.ts';

type StepForms = { startStep?: (name: string) => Step<number>; stopStep?: (name: string) => Step<number> };

export function* startServiceStep(io: IoManager, name: string): Step<number> {
  const forms = io.services as unknown as StepForms;
  if (forms.startStep) return yield* forms.startStep(name);
  const k = io.k.registry.open(`${SERVICES_KEY}\\${name}`);
  if (!k) return ERROR.SERVICE_DOES_NOT_EXIST;
  if (k.value('Start')?.data === SERVICE_DISABLED) return ERROR.SERVICE_DISABLED;
  const existing = io.drivers.get(k.name.toLowerCase());
  if (existing) return existing.state === 'unloading' ? ERROR.SERVICE_CANNOT_ACCEPT_CTRL : ERROR.SERVICE_ALREADY_RUNNING;
  const ntPath = imagePathToNt(String(k.value('ImagePath')?.data ?? `System32\\drivers\\${k.name}.sys`));
  const bytes = io.readFile(ntPath);
  if (!bytes) return ERROR.FILE_NOT_FOUND;
  const fileName = ntPath.slice(ntPath.lastIndexOf('\\') + 1);
  if (io.services.isBlocked(fileName, bytes)) return ERROR.DRIVER_BLOCKED;
  if (!io.verifyImage(bytes, ntPath)) return ERROR.INVALID_IMAGE_HASH;
  const loaded = io.k.loadImage(bytes, fileName, ntPath);
  if (!loaded.ok) return io.win32Error(loaded.status);
  const status = yield* iopLoadDriver(io, k.name, loaded.image);
  if (io.k.bugCheck) return ERROR.GEN_FAILURE;
  return status < 0 ? io.win32Error(status) : ERROR.SUCCESS;
}

export function* stopServiceStep(io: IoManager, name: string): Step<number> {
  const forms = io.services as unknown as StepForms;
  if (forms.stopStep) return yield* forms.stopStep(name);
  const k = io.k.registry.open(`${SERVICES_KEY}\\${name}`);
  if (!k) return ERROR.SERVICE_DOES_NOT_EXIST;
  const driver = io.drivers.get(k.name.toLowerCase());
  if (!driver || driver.state !== 'running') return ERROR.SERVICE_NOT_ACTIVE;
  if (!io.at('DRIVER_OBJECT', driver.object).get('DriverUnload')) return ERROR.INVALID_SERVICE_CONTROL;
  yield* iopUnloadDriver(io, driver);
  return ERROR.SUCCESS;
}
