// The test target agent's wire format (host ↔ target over TCP): each message is a frame
// [u32 header length][u32 data length][header: UTF-8 JSON][data: raw bytes], both lengths little-endian.
// Requests carry `op`; replies carry `ok` and either the op's result or `error` (with a Win32-style code).

/** The TCP port the agent listens on. */
export const AGENT_PORT = 50005;
/** The agent's service (as the WDK Test Target Setup MSI installs it) and its program file. */
export const AGENT_SERVICE = 'WdkTestTargetAgent';
export const AGENT_DISPLAY_NAME = 'WDK Test Target Agent';
export const AGENT_IMAGE = 'C:\\Program Files (x86)\\Windows Kits\\10\\Remote\\x64\\WdkTestTargetAgent.exe';
/** The lab's WDK (the host's): the version of the Test Target Setup its Remote folder ships. */
export const AGENT_VERSION = '10.0.19041.1';

export type AgentRequest =
  | { op: 'hello' }
  | { op: 'mkdir'; path: string }
  | { op: 'put'; path: string }
  | { op: 'remove'; path: string }
  | { op: 'list'; path: string }
  | { op: 'run'; commandLine: string }
  | { op: 'add-certificate'; stores: string[]; thumbprint: string; subject: string }
  | { op: 'component'; name: string }
  | { op: 'install-inf'; inf: string; hardwareId: string }
  | { op: 'update-driver'; inf: string; hardwareId: string }
  | { op: 'remove-device'; hardwareId: string }
  | { op: 'delete-driver'; originalName: string }
  | { op: 'stage-driver'; inf: string }
  | { op: 'device-status'; hardwareId: string }
  | { op: 'reboot' };

export interface Hello {
  computerName: string; osVersion: string; agentVersion: string; bootId: number;
  secureBoot: boolean; testSigning: boolean; debug: boolean; systemDrive: string;
}

export type AgentReply = { ok: true; value?: unknown } | { ok: false; error: string; code?: number };

export interface Frame { header: unknown; data: Uint8Array }

/** A byte stream (our TCP connection on either side). */
export interface Stream { read(): Promise<Uint8Array | null>; write(b: Uint8Array): Promise<void>; end(): void }

export function encodeFrame(header: unknown, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const h = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + h.length + data.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, h.length, true); v.setUint32(4, data.length, true);
  out.set(h, 8); out.set(data, 8 + h.length);
  return out;
}

/** Reads whole frames from a stream; null at a clean end of stream. */
export class FrameReader {
  private buf = new Uint8Array(0);
  constructor(private readonly s: Stream) {}

  private async fill(n: number): Promise<boolean> {
    while (this.buf.length < n) {
      const b = await this.s.read();
      if (!b) return false;
      const next = new Uint8Array(this.buf.length + b.length);
      next.set(this.buf); next.set(b, this.buf.length);
      this.buf = next;
    }
    return true;
  }

  async next(): Promise<Frame | null> {
    if (!(await this.fill(8))) { if (this.buf.length) throw new Error('the connection ended in the middle of a message'); return null; }
    const v = new DataView(this.buf.buffer, this.buf.byteOffset);
    const hl = v.getUint32(0, true), dl = v.getUint32(4, true);
    if (!(await this.fill(8 + hl + dl))) throw new Error('the connection ended in the middle of a message');
    const header = JSON.parse(new TextDecoder().decode(this.buf.subarray(8, 8 + hl))) as unknown;
    const data = this.buf.slice(8 + hl, 8 + hl + dl);
    this.buf = this.buf.slice(8 + hl + dl);
    return { header, data };
  }
}
