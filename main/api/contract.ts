// The ONE typed contract between main and the renderer. Both transports (Electron IPC and the WebSocket of
// `npm run web`) carry exactly these requests and events; schemas validate every message at the boundary and the
// TypeScript types are derived from them. The renderer imports only this file (and the schema helper it uses).
import { s, type Infer, type Schema } from './schema.ts';

// ---- domain values --------------------------------------------------------------------------------------------
export const ImageKindSchema = s.enum('kmdf', 'wdm', 'umdf', 'exe', 'dll');
export type ImageKind = Infer<typeof ImageKindSchema>;
export const ConfigurationSchema = s.enum('Debug', 'Release');
export type Configuration = Infer<typeof ConfigurationSchema>;

/** A project name as Visual Studio accepts it for drivers: an identifier of at most 32 characters (wdfglobals.h). */
export const ProjectNameSchema = s.string({ min: 1, max: 32, pattern: /^[A-Za-z_][A-Za-z0-9_]*$/ });
/** A path inside a project: relative, forward slashes, no `..`. */
export const ProjectPathSchema = s.string({ min: 1, max: 260, pattern: /^(?!.*(?:^|\/)\.\.?(?:\/|$))[^\\:*?"<>|\x00-\x1f]+$/ });

export const TemplateInfoSchema = s.object({
  id: s.string({ max: 64 }),
  name: s.string({ max: 128 }),
  description: s.string({ max: 1000 }),
  kind: ImageKindSchema,
  available: s.boolean(),
  reason: s.optional(s.string({ max: 500 })),
});
export type TemplateInfo = Infer<typeof TemplateInfoSchema>;

export const FilterSchema = s.enum('Source Files', 'Header Files', 'Driver Files', 'Resource Files', 'Other');
export type Filter = Infer<typeof FilterSchema>;
export const ProjectFileSchema = s.object({ path: ProjectPathSchema, filter: FilterSchema });
export type ProjectFile = Infer<typeof ProjectFileSchema>;
export const ProjectTreeSchema = s.object({
  name: ProjectNameSchema,
  dir: s.string({ max: 4096 }),
  kind: ImageKindSchema,
  files: s.array(ProjectFileSchema, { max: 10_000 }),
});
export type ProjectTree = Infer<typeof ProjectTreeSchema>;

export const InstallModeSchema = s.enum('DoNotInstall', 'InstallAndVerify', 'HardwareIdDriverUpdate');
export const ProjectPropertiesSchema = s.object({
  targetName: s.string({ min: 1, max: 64, pattern: /^[A-Za-z0-9_.-]+$/ }),
  configurationType: s.enum('Driver', 'Application', 'DynamicLibrary'),
  driverType: s.enum('KMDF', 'UMDF', 'WDM', ''),
  targetPlatform: s.enum('Universal', 'Desktop', 'Windows Driver'),
  wppEnabled: s.boolean(),
  infUseLocalTime: s.boolean(),
  deployment: s.object({
    targetDevice: s.string({ max: 64 }),
    removePreviousVersions: s.boolean(),
    installMode: InstallModeSchema,
    hardwareId: s.string({ max: 200 }),
  }),
});
export type ProjectProperties = Infer<typeof ProjectPropertiesSchema>;

export const DiagnosticSchema = s.object({
  file: s.string({ max: 4096 }),
  line: s.number({ int: true, min: 0 }),
  column: s.number({ int: true, min: 0 }),
  severity: s.enum('error', 'warning'),
  code: s.string({ max: 64 }),
  message: s.string({ max: 10_000 }),
});
export type Diagnostic = Infer<typeof DiagnosticSchema>;
export const BuildResultSchema = s.object({
  success: s.boolean(),
  errors: s.number({ int: true, min: 0 }),
  warnings: s.number({ int: true, min: 0 }),
  diagnostics: s.array(DiagnosticSchema),
  log: s.array(s.string({ max: 100_000 })),
  outputDir: s.string({ max: 4096 }),
  outputs: s.array(s.string({ max: 4096 })),
  projectName: s.string({ max: 128 }),
  kind: ImageKindSchema,
});
export type BuildResult = Infer<typeof BuildResultSchema>;

export const HeaderSymbolSchema = s.object({
  name: s.string({ max: 256 }),
  kind: s.enum('function', 'struct', 'union', 'enum', 'enumerator', 'typedef', 'macro', 'callback'),
  signature: s.string({ max: 4000 }),
  header: s.string({ max: 512 }),
  line: s.number({ int: true, min: 1 }),
  doc: s.optional(s.string({ max: 4000 })),
});
export type HeaderSymbol = Infer<typeof HeaderSymbolSchema>;

// ---- the lab: machines, cables, consoles, the kernel debugger, Device Manager, provisioning, deploy ----------
/** A computer name as Windows accepts it for a NetBIOS name: 1-15 letters, digits or hyphens. */
export const MachineNameSchema = s.string({ min: 1, max: 15, pattern: /^[A-Za-z0-9][A-Za-z0-9-]{0,14}$/ });
export const PowerStateSchema = s.enum('off', 'booting', 'running', 'halted', 'bugchecked', 'broken-in');
export type PowerState = Infer<typeof PowerStateSchema>;
export const MachineStatusSchema = s.object({
  state: PowerStateSchema,
  stage: s.optional(s.string({ max: 200 })),
  percent: s.optional(s.number({ min: 0, max: 100 })),
  detail: s.optional(s.string({ max: 2000 })),
});
export type MachineStatus = Infer<typeof MachineStatusSchema>;
/** A target's named checkpoint (Hyper-V's Get-VMSnapshot): when it was taken (ms since 1970), the checkpoint the
 *  machine was last at then, the machine's state in it, and whether the machine is at it now (the one last taken or
 *  applied: Hyper-V Manager's "Now" hangs under it, and Revert applies it). */
export const CheckpointSchema = s.object({
  name: s.string({ min: 1, max: 100 }), created: s.number(), parent: s.optional(s.string({ max: 100 })), status: MachineStatusSchema,
  current: s.optional(s.boolean()),
});
export type CheckpointInfo = Infer<typeof CheckpointSchema>;
/** How a provisioned target's kernel debugger is reached (what bcdedit /dbgsettings was given). */
export const DebugSettingsSchema = s.union(
  s.object({ kind: s.literal('net'), hostIp: s.string({ max: 15, pattern: /^\d{1,3}(\.\d{1,3}){3}$/ }), port: s.number({ int: true, min: 49152, max: 65535 }),
    key: s.string({ max: 200, pattern: /^[0-9a-z]+\.[0-9a-z]+\.[0-9a-z]+\.[0-9a-z]+$/ }) }),
  s.object({ kind: s.literal('serial'), port: s.enum('COM1', 'COM2'), baud: s.number({ int: true, min: 300, max: 115200 }) }),
);
export type DebugSettings = Infer<typeof DebugSettingsSchema>;
export const MachineInfoSchema = s.object({
  name: MachineNameSchema,
  ip: s.string({ max: 15 }),
  mac: s.string({ max: 17 }),
  status: MachineStatusSchema,
  /** The network cable between this machine and the lab switch. */
  netCabled: s.boolean(),
  /** Set once Configure Devices provisioned it (the settings the learner chose). */
  provisioned: s.optional(s.object({ hostName: s.string({ max: 64 }), debug: DebugSettingsSchema })),
});
export type MachineInfo = Infer<typeof MachineInfoSchema>;
export const FirmwareSettingsSchema = s.object({
  vendor: s.string({ max: 64 }), version: s.string({ max: 32 }), secureBoot: s.boolean(), bootOrder: s.array(s.string({ max: 128 }), { max: 16 }),
});
export type FirmwareSettings = Infer<typeof FirmwareSettingsSchema>;
/** A cable: `net` joins a machine (or `host`) to the switch; `serial` joins two COM ports written NAME:COM1. */
export const CableSchema = s.object({ kind: s.enum('net', 'serial'), a: s.string({ max: 32 }), b: s.string({ max: 32 }) });
export type Cable = Infer<typeof CableSchema>;
export const NetworkSchema = s.object({
  host: s.object({ name: s.string({ max: 32 }), ip: s.string({ max: 15 }) }),
  machines: s.array(MachineInfoSchema, { max: 64 }),
  cables: s.array(CableSchema, { max: 256 }),
});
export type Network = Infer<typeof NetworkSchema>;

export const KdStateSchema = s.enum('disconnected', 'waiting', 'running', 'broken');
export type KdState = Infer<typeof KdStateSchema>;
/** Where the target is stopped, for the editor's current-line marker (file as the debug info names it). */
export const SourceLocationSchema = s.object({
  file: s.string({ max: 4096 }), line: s.number({ int: true, min: 1 }), module: s.string({ max: 128 }), function: s.string({ max: 512 }),
});
export type SourceLocation = Infer<typeof SourceLocationSchema>;
export const KdStatusSchema = s.object({
  state: KdStateSchema,
  prompt: s.string({ max: 32 }),
  target: s.optional(MachineNameSchema),
  location: s.optional(SourceLocationSchema),
});
export type KdStatus = Infer<typeof KdStatusSchema>;

export const DeviceSchema = s.object({
  instanceId: s.string({ max: 512 }),
  parent: s.optional(s.string({ max: 512 })),
  name: s.string({ max: 512 }),
  className: s.string({ max: 128 }),
  /** The class's description, as Device Manager heads its group (Disk drives). */
  classTitle: s.string({ max: 256 }),
  classGuid: s.string({ max: 64 }),
  status: s.string({ max: 2000 }),
  problem: s.number({ int: true, min: 0 }),
  disabled: s.boolean(),
  /** Not present now (Show hidden devices lists them). */
  hidden: s.boolean(),
  hardwareIds: s.array(s.string({ max: 512 }), { max: 64 }),
  compatibleIds: s.array(s.string({ max: 512 }), { max: 64 }),
  service: s.string({ max: 256 }),
  manufacturer: s.string({ max: 256 }),
  /** files: Driver File Details (each file's version resource: provider, file version, copyright; its signer). */
  driver: s.object({ provider: s.string({ max: 256 }), date: s.string({ max: 32 }), version: s.string({ max: 64 }), signer: s.string({ max: 256 }),
    files: s.array(s.object({ path: s.string({ max: 512 }), provider: s.string({ max: 256 }), version: s.string({ max: 128 }), copyright: s.string({ max: 256 }),
      signer: s.string({ max: 256 }) }), { max: 64 }), inf: s.string({ max: 260 }) }),
  events: s.array(s.object({ time: s.string({ max: 64 }), text: s.string({ max: 4000 }) }), { max: 200 }),
});
export type Device = Infer<typeof DeviceSchema>;
/** update: Update driver > Search automatically (the best driver in the target's driver store). */
export const DeviceActionSchema = s.enum('enable', 'disable', 'uninstall', 'scan', 'update');
export type DeviceAction = Infer<typeof DeviceActionSchema>;
/** The I/O view: one device object of a device's stack (bottom first: the PDO), with its driver. */
export const StackDeviceSchema = s.object({
  address: s.string({ max: 32 }), role: s.enum('PDO', 'Filter', 'FDO'), name: s.string({ max: 512 }), driver: s.string({ max: 512 }),
});
export type StackDevice = Infer<typeof StackDeviceSchema>;
/** One IRP passing a watched device object: call (its dispatch routine got it; the driver holds it), pending (that
 *  routine returned STATUS_PENDING), complete (back up through that device, with the status then; done when that was
 *  the top of the stack and the IRP has left it). */
export const IrpEventSchema = s.object({
  irp: s.string({ max: 32 }), device: s.string({ max: 32 }), driver: s.string({ max: 512 }),
  major: s.string({ max: 64 }), minor: s.string({ max: 64 }), phase: s.enum('call', 'pending', 'complete'),
  status: s.optional(s.string({ max: 64 })), done: s.optional(s.boolean()), cycles: s.number({ min: 0 }),
});
export type IrpEvent = Infer<typeof IrpEventSchema>;

export const ProvisionStepSchema = s.object({
  name: s.string({ max: 200 }),
  state: s.enum('pending', 'running', 'done', 'failed'),
  log: s.array(s.string({ max: 10_000 }), { max: 2000 }),
});
export type ProvisionStep = Infer<typeof ProvisionStepSchema>;

/** The lab guide: a lab (labs/<id>/lab.json) with the learner's progress; each step ticks when its check passes. */
export const LabSummarySchema = s.object({ id: s.string({ max: 64 }), title: s.string({ max: 200 }), goal: s.string({ max: 4000 }), steps: s.number({ int: true, min: 0 }) });
export type LabSummary = Infer<typeof LabSummarySchema>;
export const LabGuideStepSchema = s.object({
  id: s.string({ max: 64 }), title: s.string({ max: 200 }), instructions: s.string({ max: 40_000 }),
  passed: s.boolean(), detail: s.optional(s.string({ max: 4000 })), hinted: s.boolean(), answered: s.boolean(),
});
export type LabGuideStep = Infer<typeof LabGuideStepSchema>;
export const LabGuideSchema = s.object({
  id: s.string({ max: 64 }), title: s.string({ max: 200 }), goal: s.string({ max: 4000 }),
  current: s.optional(s.string({ max: 64 })), done: s.boolean(), steps: s.array(LabGuideStepSchema, { max: 200 }),
});
export type LabGuide = Infer<typeof LabGuideSchema>;
const LabIdSchema = s.string({ min: 1, max: 64, pattern: /^[a-z0-9-]+$/ });

// ---- requests ------------------------------------------------------------------------------------------------
interface RequestDef<P, R> { params: Schema<P>; result: Schema<R> }
const req = <P, R>(params: Schema<P>, result: Schema<R>): RequestDef<P, R> => ({ params, result });
const project = ProjectNameSchema;

export const requests = {
  /** Where projects live and which engines exist in this build of the app. */
  'workspace.info': req(s.object({}), s.object({ root: s.string(), engine: s.object({ machines: s.boolean() }) })),
  'templates.list': req(s.object({}), s.array(TemplateInfoSchema)),
  'project.list': req(s.object({}), s.array(ProjectNameSchema)),
  'project.create': req(s.object({ template: s.string({ max: 64 }), name: ProjectNameSchema }), ProjectTreeSchema),
  'project.open': req(s.object({ project }), ProjectTreeSchema),
  /** Project > Add > New Item: creates the file and adds it to the .vcxproj. */
  'project.addItem': req(s.object({ project, path: ProjectPathSchema }), ProjectTreeSchema),
  'project.getProperties': req(s.object({ project }), ProjectPropertiesSchema),
  'project.setProperties': req(s.object({ project, properties: ProjectPropertiesSchema }), ProjectPropertiesSchema),
  'file.read': req(s.object({ project, path: ProjectPathSchema }), s.object({ text: s.string({ max: 4_000_000 }) })),
  'file.write': req(s.object({ project, path: ProjectPathSchema, text: s.string({ max: 4_000_000 }) }), s.object({})),
  /** Build > Build Solution. Log lines stream as `build.log` events while it runs. */
  'build.run': req(s.object({ project, configuration: ConfigurationSchema }), BuildResultSchema),
  /** Routines, types and macros of our WDK headers for the include set of one image kind (completion, hover). */
  'headers.index': req(s.object({ kind: ImageKindSchema }), s.object({ symbols: s.array(HeaderSymbolSchema) })),
  /** A WDK header the debugger stopped in (F11 into a header's inline wrapper), by the path its debug info names;
   *  read-only, and only our headers (the WDK's Include folder): `path` is the name the editor shows it under. */
  'headers.read': req(s.object({ file: s.string({ max: 4096 }) }), s.object({ path: s.string({ max: 4096 }), text: s.string({ max: 4_000_000 }) })),

  // ---- the lab (answered with ENGINE_NOT_AVAILABLE where main runs without the machine engine) ----
  /** The network view: the host, every target with its state, and the cables. */
  'machine.list': req(s.object({}), NetworkSchema),
  /** `host> new-target NAME`: a new computer, powered off, its network cable plugged into the lab switch. */
  'machine.create': req(s.object({ name: MachineNameSchema }), MachineInfoSchema),
  'machine.power': req(s.object({ name: MachineNameSchema, on: s.boolean() }), s.object({})),
  'machine.restart': req(s.object({ name: MachineNameSchema }), s.object({})),
  'machine.remove': req(s.object({ name: MachineNameSchema }), s.object({})),
  /** The target's UEFI firmware settings (read, or change Secure Boot; a change takes effect at the next start). */
  'machine.firmware': req(s.object({ name: MachineNameSchema, secureBoot: s.optional(s.boolean()) }), FirmwareSettingsSchema),
  /** Take a checkpoint of a target (Hyper-V's default name "NAME - (date - time)" when none is given). */
  'machine.checkpoint': req(s.object({ name: MachineNameSchema, checkpoint: s.optional(s.string({ min: 1, max: 100 })) }), CheckpointSchema),
  /** A target's checkpoints, oldest first (saved with the lab: each in its own file under the workspace). */
  'machine.checkpoints': req(s.object({ name: MachineNameSchema }), s.array(CheckpointSchema, { max: 10_000 })),
  /** Apply a checkpoint: the target as it was (`exact` false: replayed from its saved disk instead, `reason` says why). */
  'machine.applyCheckpoint': req(s.object({ name: MachineNameSchema, checkpoint: s.string({ min: 1, max: 100 }) }),
    s.object({ checkpoint: CheckpointSchema, exact: s.boolean(), reason: s.optional(s.string({ max: 2000 })), status: MachineStatusSchema })),
  'cable.list': req(s.object({}), s.array(CableSchema)),
  'cable.plug': req(CableSchema, s.array(CableSchema)),
  /** Unplug the net cable of a machine (`end` = NAME) or a serial cable at one of its ends (`end` = NAME:COM1). */
  'cable.unplug': req(s.object({ kind: s.enum('net', 'serial'), end: s.string({ max: 32 }) }), s.array(CableSchema)),
  /** Keystrokes for a target's console (its command prompt). */
  'console.input': req(s.object({ machine: MachineNameSchema, text: s.string({ max: 10_000 }) }), s.object({})),
  /** What the console shows so far (a window opened late starts from here; later text arrives as console.output). */
  'console.read': req(s.object({ machine: MachineNameSchema }), s.object({ text: s.string({ max: 2_000_000 }) })),
  /** WinDbg -k net:port=P,key=K or -k com:port=COM1,baud=B, against a target. Returns the connection banner.
   *  `breakpoints`: expressions set as `bu` before the target answers (the editor's breakpoints, as WinDbg's -c would),
   *  so a breakpoint in a driver loaded later hits without a break-in first. */
  'kd.connect': req(s.object({ target: MachineNameSchema, connection: DebugSettingsSchema, breakpoints: s.optional(s.array(s.string({ max: 4000 }), { max: 200 })) }),
    s.object({ banner: s.string({ max: 100_000 }) })),
  /** Debug > Stop Debugging (Shift+F5): detach as Visual Studio does - breakpoints out, the target running on. */
  'kd.disconnect': req(s.object({}), s.object({})),
  /** One command line at `kd>`: exactly what WinDbg prints for it. */
  'kd.command': req(s.object({ text: s.string({ max: 4000 }) }), s.object({ output: s.string({ max: 2_000_000 }), status: KdStatusSchema })),
  /** Debug > Break (Ctrl+Break). */
  'kd.break': req(s.object({}), s.object({ output: s.string({ max: 100_000 }) })),
  'kd.status': req(s.object({}), KdStatusSchema),
  /** Completions for the word being typed at `kd>`: commands, or symbols as module!name. */
  'kd.complete': req(s.object({ text: s.string({ max: 4000 }) }), s.object({ items: s.array(s.string({ max: 512 }), { max: 200 }) })),
  /** The target's Device Manager: every device node (the view arranges them by type or by connection). */
  'devmgr.snapshot': req(s.object({ machine: MachineNameSchema }), s.object({ computer: s.string({ max: 64 }), devices: s.array(DeviceSchema, { max: 2000 }) })),
  /** deleteDriver: Uninstall device's "Delete the driver software for this device". */
  'devmgr.action': req(s.object({ machine: MachineNameSchema, action: DeviceActionSchema, instanceId: s.optional(s.string({ max: 512 })), deleteDriver: s.optional(s.boolean()) }),
    s.object({ message: s.string({ max: 2000 }) })),
  /** The I/O view: watch one device's stack (IRPs stream as io.irp events while it runs), or stop (no instanceId). */
  'io.watch': req(s.object({ machine: MachineNameSchema, instanceId: s.optional(s.string({ max: 512 })) }), s.object({ stack: s.array(StackDeviceSchema, { max: 64 }) })),
  /** Configure Devices: a new key for KDNET (four base-36 parts, as kdnet.exe makes them). */
  'provision.generateKey': req(s.object({}), s.object({ key: s.string({ max: 200 }) })),
  /** "Provision device and choose debugger settings": runs every step; progress streams as provision.progress. */
  'provision.start': req(s.object({ machine: MachineNameSchema, hostName: s.string({ max: 64 }), debug: DebugSettingsSchema }),
    s.object({ success: s.boolean(), steps: s.array(ProvisionStepSchema) })),
  /** Build > Deploy Solution: the project's Driver Install > Deployment settings, to its target device. */
  'deploy.run': req(s.object({ project, configuration: ConfigurationSchema }), s.object({ success: s.boolean(), log: s.array(s.string({ max: 10_000 })) })),

  // ---- the lab guide ----
  'lab.list': req(s.object({}), s.array(LabSummarySchema, { max: 100 })),
  /** Follow a lab: from now on its current step is checked against the machines as they change (lab.step events). */
  'lab.open': req(s.object({ lab: LabIdSchema }), LabGuideSchema),
  'lab.progress': req(s.object({ lab: LabIdSchema }), LabGuideSchema),
  /** A step's hint, or its answer (text and the files to type), recorded in the progress. */
  'lab.reveal': req(s.object({ lab: LabIdSchema, step: s.string({ min: 1, max: 64 }), what: s.enum('hint', 'answer') }),
    s.object({ text: s.string({ max: 40_000 }), files: s.array(s.object({ path: s.string({ max: 260 }), text: s.string({ max: 400_000 }) }), { max: 50 }) })),
} as const;

/** Names reserved for later parts; main answers them with ENGINE_NOT_AVAILABLE until their schemas arrive. */
export const reservedRequests = [] as const;

// ---- events (main -> renderer) ---------------------------------------------------------------------------------
export const events = {
  'build.log': s.object({ project, line: s.string({ max: 100_000 }) }),
  'build.started': s.object({ project, configuration: ConfigurationSchema }),
  /** The build's stage as it starts (each source compiled, the link, the INF stamped and verified, the catalog signed)
   *  and the share of its stages done: the toolbar's progress bar. */
  'build.progress': s.object({ project, stage: s.string({ max: 300 }), percent: s.number({ min: 0, max: 100 }) }),
  'build.finished': s.object({ project, success: s.boolean(), errors: s.number({ int: true }), warnings: s.number({ int: true }) }),
  /** The network changed: a machine's state (boot progress in status.percent), a cable, a new or removed machine. */
  'machine.state': NetworkSchema,
  'console.output': s.object({ machine: MachineNameSchema, text: s.string({ max: 1_000_000 }) }),
  /** A target stopped on a bugcheck: the blue screen's lines. */
  'bugcheck': s.object({ machine: MachineNameSchema, detail: s.string({ max: 2000 }), screen: s.array(s.string({ max: 2000 }), { max: 200 }) }),
  /** Text the debugger printed on its own (DbgPrint, breakpoint hits, the connection banner). */
  'kd.output': s.object({ text: s.string({ max: 1_000_000 }) }),
  /** Broken in / running, with where the target stopped for the editor. */
  'kd.state': KdStatusSchema,
  'provision.progress': s.object({ machine: MachineNameSchema, steps: s.array(ProvisionStepSchema) }),
  'deploy.progress': s.object({ project, line: s.string({ max: 10_000 }), percent: s.number({ min: 0, max: 100 }) }),
  'devmgr.changed': s.object({ machine: MachineNameSchema }),
  /** IRPs that passed the watched stack (batched about every 100 ms; `dropped` = rows the bounded buffer lost). */
  'io.irp': s.object({ machine: MachineNameSchema, irps: s.array(IrpEventSchema, { max: 2000 }), dropped: s.number({ int: true, min: 0 }) }),
  /** The followed lab's step was checked and passed (the guide ticks it); `next` is the step now current. */
  'lab.step': s.object({ lab: s.string({ max: 64 }), step: s.string({ max: 64 }), passed: s.boolean(), detail: s.string({ max: 4000 }),
    next: s.optional(s.string({ max: 64 })), done: s.boolean() }),
} as const;
export const reservedEvents = [] as const;

export type Requests = typeof requests;
export type Method = keyof Requests;
export type Params<M extends Method> = Infer<Requests[M]['params']>;
export type Result<M extends Method> = Infer<Requests[M]['result']>;
export type Events = typeof events;
export type EventName = keyof Events;
export type Payload<E extends EventName> = Infer<Events[E]>;

// ---- the wire envelope -----------------------------------------------------------------------------------------
export const ErrorCodeSchema = s.enum('BAD_MESSAGE', 'BAD_PARAMS', 'UNKNOWN_METHOD', 'ENGINE_NOT_AVAILABLE', 'NOT_FOUND',
  'ALREADY_EXISTS', 'FAILED', 'DISCONNECTED', 'BAD_RESULT');
export type ErrorCode = Infer<typeof ErrorCodeSchema>;
export const RequestMessageSchema = s.object({
  kind: s.literal('request'), id: s.number({ int: true, min: 0 }), method: s.string({ max: 64 }), params: s.unknown(),
});
export const ResponseMessageSchema = s.union(
  s.object({ kind: s.literal('response'), id: s.number({ int: true, min: 0 }), ok: s.literal(true), result: s.unknown() }),
  s.object({
    kind: s.literal('response'), id: s.union(s.number({ int: true, min: 0 }), s.null()), ok: s.literal(false),
    error: s.object({ code: ErrorCodeSchema, message: s.string({ max: 10_000 }) }),
  }),
  s.object({ kind: s.literal('event'), name: s.string({ max: 64 }), payload: s.unknown() }),
);
export type RequestMessage = Infer<typeof RequestMessageSchema>;
export type ServerMessage = Infer<typeof ResponseMessageSchema>;

/** A failed request, as the client sees it. */
export class ApiError extends Error {
  constructor(readonly code: ErrorCode, message: string) { super(message); this.name = 'ApiError'; }
}

/** What the renderer holds: one object, whichever transport is underneath. */
export interface Api {
  call<M extends Method>(method: M, params: Params<M>): Promise<Result<M>>;
  on<E extends EventName>(name: E, listener: (payload: Payload<E>) => void): () => void;
}

/** Anything that carries JSON-like messages both ways (a WebSocket, Electron IPC, or a test pair). */
export interface Channel {
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Called when the other side is gone (a closed socket, a destroyed window). */
  onClose?(listener: () => void): void;
}
