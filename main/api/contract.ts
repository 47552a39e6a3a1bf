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
} as const;

/** Names reserved for the machine engine (provisioning, deploy, consoles, kd, Device Manager, labs). Until it is
 *  present, main answers them with the error code ENGINE_NOT_AVAILABLE; their schemas arrive with it. */
export const reservedRequests = [
  'machine.list', 'machine.create', 'machine.power', 'cable.plug', 'cable.unplug', 'provision.start', 'deploy.run',
  'console.input', 'kd.command', 'kd.break', 'breakpoint.set', 'breakpoint.list', 'devmgr.snapshot', 'devmgr.action',
  'lab.list', 'lab.progress',
] as const;

// ---- events (main -> renderer) ---------------------------------------------------------------------------------
export const events = {
  'build.log': s.object({ project, line: s.string({ max: 100_000 }) }),
  'build.started': s.object({ project, configuration: ConfigurationSchema }),
  'build.finished': s.object({ project, success: s.boolean(), errors: s.number({ int: true }), warnings: s.number({ int: true }) }),
} as const;
export const reservedEvents = [
  'machine.state', 'console.output', 'kd.output', 'provision.progress', 'deploy.progress', 'devmgr.changed',
  'debug.stopped', 'bugcheck', 'lab.step',
] as const;

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
