// The network stack a host or a target runs: Ethernet II, ARP, IPv4, ICMP echo, UDP sockets, TCP and link-local
// name resolution. It is passive: frames come in through `receive`, go out through `send`, and time is whatever
// `now()` says (wall time on the host, the instruction clock in a machine); the driver calls `poll` at
// `nextDeadline()`, and `onWake` tells it the deadline may have moved.
import { ArpCache, ARP_REPLY, ARP_REQUEST, buildArp, parseArp } from './arp.ts';
import { BROADCAST_MAC, formatIp, isIp, isMulticastIp, macEquals, multicastMac, parseIp as parseIpAddr, type Ip } from './addr.ts';
import { NetError, WSAEADDRINUSE, WSAECONNRESET, WSAETIMEDOUT } from './errors.ts';
import { buildFrame, ETHERTYPE_ARP, ETHERTYPE_IPV4, parseFrame } from './ethernet.ts';
import { buildIcmp, ICMP_ECHO_REPLY, ICMP_ECHO_REQUEST, ICMP_UNREACHABLE, parseIcmp, UNREACH_PORT, windowsPingPayload } from './icmp.ts';
import { buildIp, DEFAULT_TTL, IPPROTO_ICMP, IPPROTO_TCP, IPPROTO_UDP, parseIp } from './ipv4.ts';
import { buildNameMessage, LLMNR_GROUP, LLMNR_PORT, LLMNR_TTL_S, parseNameMessage } from './llmnr.ts';
import { ACK, buildSegment, parseSegment, RST, SYN, type Segment } from './tcp-segment.ts';
import { TcpConnection, type TcpEnv } from './tcp.ts';
import { Timers } from './timers.ts';
import { buildUdp, parseUdp } from './udp.ts';

/** Inbound firewall rules a Windows machine has (named as Windows Defender Firewall names the rule groups). */
export interface FirewallRules {
  /** "File and Printer Sharing (Echo Request - ICMPv4-In)": answer pings. */
  echoRequest: boolean;
  /** "Network Discovery (LLMNR-UDP-In)": answer name queries for this machine. */
  networkDiscovery: boolean;
}

export interface NetConfig {
  name: string;
  mac: Uint8Array;
  ip: Ip;
  netmask: Ip;
  gateway?: Ip;
  firewall?: Partial<FirewallRules>;
}

export type PingResult =
  | { kind: 'reply'; from: Ip; bytes: number; timeMs: number; ttl: number }
  | { kind: 'timeout' }
  | { kind: 'unreachable'; from: Ip }
  | { kind: 'failure' };

export interface Datagram { from: Ip; port: number; data: Uint8Array }

const ARP_RETRY_MS = 1000, ARP_TRIES = 3, NAME_TIMEOUT_MS = 1000, NAME_TRIES = 2;
const EPHEMERAL_FIRST = 49152;

export class UdpSocket {
  private readonly queue: Datagram[] = [];
  private readonly waiters: { resolve: (d: Datagram) => void; reject: (e: Error) => void; timer?: number }[] = [];
  private pendingError: NetError | undefined;
  closed = false;

  constructor(private readonly stack: NetStack, readonly port: number) {}

  send(to: Ip, port: number, data: Uint8Array): void { this.stack.sendUdp(this.port, to, port, data); }

  /** The next datagram; rejects with WSAETIMEDOUT after `timeoutMs`, or WSAECONNRESET after an ICMP port unreachable (as Windows' recvfrom does). */
  recv(timeoutMs?: number): Promise<Datagram> {
    const d = this.queue.shift();
    if (d) return Promise.resolve(d);
    if (this.pendingError) { const e = this.pendingError; this.pendingError = undefined; return Promise.reject(e); }
    return new Promise((resolve, reject) => {
      const w: { resolve: (d: Datagram) => void; reject: (e: Error) => void; timer?: number } = { resolve, reject };
      if (timeoutMs !== undefined) {
        w.timer = this.stack.timers.add(this.stack.now() + timeoutMs, () => {
          const i = this.waiters.indexOf(w);
          if (i >= 0) this.waiters.splice(i, 1);
          reject(new NetError(WSAETIMEDOUT));
        });
        this.stack.wake();
      }
      this.waiters.push(w);
    });
  }

  /** @internal */ deliver(d: Datagram): void {
    const w = this.waiters.shift();
    if (w) { this.stack.timers.cancel(w.timer); w.resolve(d); } else if (this.queue.length < 256) this.queue.push(d);
  }
  /** @internal */ portUnreachable(): void {
    const w = this.waiters.shift();
    if (w) { this.stack.timers.cancel(w.timer); w.reject(new NetError(WSAECONNRESET)); } else this.pendingError = new NetError(WSAECONNRESET);
  }

  close(): void { this.closed = true; this.stack.closeUdp(this); }
}

export class TcpListener {
  private readonly backlog: TcpConnection[] = [];
  private readonly waiters: ((c: TcpConnection) => void)[] = [];
  constructor(private readonly stack: NetStack, readonly port: number) {}
  accept(): Promise<TcpConnection> {
    const c = this.backlog.shift();
    return c ? Promise.resolve(c) : new Promise((r) => this.waiters.push(r));
  }
  /** @internal */ push(c: TcpConnection): void { const w = this.waiters.shift(); if (w) w(c); else this.backlog.push(c); }
  close(): void { this.stack.closeListener(this); }
}

export class NetStack {
  readonly timers = new Timers();
  readonly arp = new ArpCache();
  readonly firewall: FirewallRules;
  /** Frames out to the adapter. */
  send: (frame: Uint8Array) => void = () => {};
  /** Timers changed: the driver should look at nextDeadline() again. */
  onWake: () => void = () => {};
  /** Inbound TCP connections the firewall lets through; a blocked SYN is dropped silently, as Windows Firewall does. */
  inboundTcpAllowed: (port: number, from: Ip) => boolean = () => true;
  private link = true;
  private ipId = 0;
  private pingSeq = 0;
  private nextPort = EPHEMERAL_FIRST;
  private issSeed = 0x1234567;
  private readonly pendingArp = new Map<Ip, { packets: Uint8Array[]; tries: number; timer: number; failed: (() => void)[] }>();
  private readonly pings = new Map<number, { resolve: (r: PingResult) => void; sentAt: number; timer: number }>();
  private readonly names = new Map<string, { ip: Ip; expires: number }>();
  private readonly nameQueries = new Map<number, { name: string; resolve: (ip: Ip | undefined) => void; timer: number; tries: number }>();
  private readonly udp = new Map<number, UdpSocket>();
  private readonly listeners = new Map<number, TcpListener>();
  private readonly conns = new Map<string, TcpConnection>();
  private readonly tcpEnv: TcpEnv;
  readonly counters = { framesIn: 0, framesOut: 0, dropped: 0 };

  constructor(readonly config: NetConfig, readonly now: () => number) {
    this.firewall = { echoRequest: true, networkDiscovery: true, ...config.firewall };
    this.issSeed = (config.ip ^ (config.mac[5]! << 16)) >>> 0;
    this.timers.onAdd = () => this.onWake();
    this.tcpEnv = {
      now, timers: this.timers,
      output: (c, s) => this.sendIp(c.remoteIp, IPPROTO_TCP, buildSegment(c.localIp, c.remoteIp, s)),
      established: (c) => this.listeners.get(c.localPort)?.push(c),
      closed: (c) => this.conns.delete(this.connKey(c.remoteIp, c.remotePort, c.localPort)),
    };
  }

  get ip(): Ip { return this.config.ip; }
  get name(): string { return this.config.name; }
  get linkUp(): boolean { return this.link; }
  nextDeadline(): number | undefined { return this.timers.next(); }
  poll(): void { this.timers.run(this.now()); }
  wake(): void { this.onWake(); }

  /** Media connected or disconnected (cable plugged/unplugged). Windows flushes the neighbour cache on disconnect. */
  setLink(up: boolean): void {
    this.link = up;
    if (!up) this.arp.clear();
  }

  // --- input ---

  receive(frame: Uint8Array): void {
    const f = parseFrame(frame);
    if (!f) return;
    if (!macEquals(f.dst, this.config.mac) && !macEquals(f.dst, BROADCAST_MAC) && !macEquals(f.dst, multicastMac(LLMNR_GROUP))) return;
    this.counters.framesIn++;
    if (f.type === ETHERTYPE_ARP) this.receiveArp(f.payload);
    else if (f.type === ETHERTYPE_IPV4) this.receiveIp(f.src, f.payload);
    this.wake();
  }

  private receiveArp(b: Uint8Array): void {
    const p = parseArp(b);
    if (!p) return;
    const now = this.now();
    const forUs = p.targetIp === this.config.ip;
    if (forUs || this.arp.lookup(p.senderIp, now)) this.arp.learn(p.senderIp, p.senderMac, now);
    if (p.op === ARP_REQUEST && forUs) {
      this.sendFrame(p.senderMac, ETHERTYPE_ARP, buildArp({ op: ARP_REPLY, senderMac: this.config.mac, senderIp: this.config.ip, targetMac: p.senderMac, targetIp: p.senderIp }));
    }
    const pending = this.pendingArp.get(p.senderIp);
    if (pending) {
      this.pendingArp.delete(p.senderIp);
      this.timers.cancel(pending.timer);
      for (const pkt of pending.packets) this.sendFrame(p.senderMac, ETHERTYPE_IPV4, pkt);
    }
  }

  private receiveIp(srcMac: Uint8Array, b: Uint8Array): void {
    const p = parseIp(b);
    if (!p) return;
    const bcast = (this.config.ip | ~this.config.netmask) >>> 0;
    if (p.dst !== this.config.ip && p.dst !== 0xffffffff && p.dst !== bcast && p.dst !== LLMNR_GROUP) return;
    if (p.dst === this.config.ip && (p.src & this.config.netmask) === (this.config.ip & this.config.netmask)) this.arp.learn(p.src, srcMac, this.now());
    if (p.protocol === IPPROTO_ICMP) this.receiveIcmp(p.src, p.dst, p.payload, p.ttl);
    else if (p.protocol === IPPROTO_UDP) this.receiveUdp(p.src, p.dst, p.payload);
    else if (p.protocol === IPPROTO_TCP && p.dst === this.config.ip) this.receiveTcp(p.src, p.payload);
  }

  private receiveIcmp(src: Ip, dst: Ip, b: Uint8Array, ttl: number): void {
    const m = parseIcmp(b);
    if (!m) return;
    if (m.type === ICMP_ECHO_REQUEST && dst === this.config.ip) {
      if (this.firewall.echoRequest) this.sendIp(src, IPPROTO_ICMP, buildIcmp({ type: ICMP_ECHO_REPLY, code: 0, rest: m.rest, data: m.data }));
    } else if (m.type === ICMP_ECHO_REPLY) {
      const ping = this.pings.get(m.rest >>> 0);
      if (ping) {
        this.pings.delete(m.rest >>> 0);
        this.timers.cancel(ping.timer);
        ping.resolve({ kind: 'reply', from: src, bytes: m.data.length, timeMs: this.now() - ping.sentAt, ttl });
      }
    } else if (m.type === ICMP_UNREACHABLE && m.code === UNREACH_PORT && m.data.length >= 28) {
      const inner = m.data;
      if (inner[9] === IPPROTO_UDP) {
        const ihl = (inner[0]! & 15) * 4;
        const srcPort = (inner[ihl]! << 8) | inner[ihl + 1]!;
        this.udp.get(srcPort)?.portUnreachable();
      }
    }
  }

  private receiveUdp(src: Ip, dst: Ip, b: Uint8Array): void {
    const d = parseUdp(src, dst, b);
    if (!d) return;
    if (d.dstPort === LLMNR_PORT || d.srcPort === LLMNR_PORT) return this.receiveName(src, d.srcPort, d.data);
    const s = this.udp.get(d.dstPort);
    if (s) s.deliver({ from: src, port: d.srcPort, data: d.data.slice() });
    else if (dst === this.config.ip) {
      // Port unreachable carries the offending IP header and the first 8 bytes of its payload.
      const orig = buildIp({ src, dst, protocol: IPPROTO_UDP, ttl: DEFAULT_TTL, id: 0, payload: b.subarray(0, 8) });
      this.sendIp(src, IPPROTO_ICMP, buildIcmp({ type: ICMP_UNREACHABLE, code: UNREACH_PORT, rest: 0, data: orig }));
    }
  }

  private receiveName(src: Ip, srcPort: number, b: Uint8Array): void {
    const m = parseNameMessage(b);
    if (!m) return;
    if (!m.response) {
      if (this.firewall.networkDiscovery && m.name.toLowerCase() === this.config.name.toLowerCase()) {
        this.sendUdp(LLMNR_PORT, src, srcPort, buildNameMessage({ id: m.id, response: true, name: this.config.name, address: this.config.ip }));
      }
      return;
    }
    const q = this.nameQueries.get(m.id);
    if (q && m.address !== undefined && q.name.toLowerCase() === m.name.toLowerCase()) {
      this.nameQueries.delete(m.id);
      this.timers.cancel(q.timer);
      this.names.set(q.name.toLowerCase(), { ip: m.address, expires: this.now() + LLMNR_TTL_S * 1000 });
      q.resolve(m.address);
    }
  }

  private receiveTcp(src: Ip, b: Uint8Array): void {
    const s = parseSegment(src, this.config.ip, b);
    if (!s) return;
    const c = this.conns.get(this.connKey(src, s.srcPort, s.dstPort));
    if (c) { c.input(s); return; }
    if (s.flags & SYN && !(s.flags & ACK) && !this.inboundTcpAllowed(s.dstPort, src)) return;
    const l = this.listeners.get(s.dstPort);
    if (l && s.flags & SYN && !(s.flags & ACK)) {
      const nc = new TcpConnection(this.tcpEnv, this.config.ip, s.dstPort, src, s.srcPort, this.newIss(), { irs: s.seq, mss: s.mss, window: s.window });
      this.conns.set(this.connKey(src, s.srcPort, s.dstPort), nc);
      return;
    }
    if (s.flags & RST) return;
    // Nobody there: reset, as a closed port does (the connecting side reports WSAECONNREFUSED).
    const len = s.data.length + (s.flags & SYN ? 1 : 0) + (s.flags & 1 ? 1 : 0);
    const rst: Segment = s.flags & ACK
      ? { srcPort: s.dstPort, dstPort: s.srcPort, seq: s.ack, ack: 0, flags: RST, window: 0, data: new Uint8Array(0) }
      : { srcPort: s.dstPort, dstPort: s.srcPort, seq: 0, ack: (s.seq + len) >>> 0, flags: RST | ACK, window: 0, data: new Uint8Array(0) };
    this.sendIp(src, IPPROTO_TCP, buildSegment(this.config.ip, src, rst));
  }

  // --- output ---

  private sendFrame(dst: Uint8Array, type: number, payload: Uint8Array): void {
    if (!this.link) { this.counters.dropped++; return; }
    this.counters.framesOut++;
    this.send(buildFrame(dst, this.config.mac, type, payload));
  }

  /** Route an IP packet: broadcast and multicast go straight out; unicast needs the next hop's MAC (ARP). */
  sendIp(dst: Ip, protocol: number, payload: Uint8Array, onUnresolved?: () => void): void {
    const pkt = buildIp({ src: this.config.ip, dst, protocol, ttl: DEFAULT_TTL, id: this.ipId++, payload });
    const bcast = (this.config.ip | ~this.config.netmask) >>> 0;
    if (dst === 0xffffffff || dst === bcast) return this.sendFrame(BROADCAST_MAC, ETHERTYPE_IPV4, pkt);
    if (isMulticastIp(dst)) return this.sendFrame(multicastMac(dst), ETHERTYPE_IPV4, pkt);
    const local = (dst & this.config.netmask) === (this.config.ip & this.config.netmask);
    const hop = local ? dst : this.config.gateway;
    if (hop === undefined) { onUnresolved?.(); return; }
    const mac = this.arp.lookup(hop, this.now());
    if (mac) return this.sendFrame(mac, ETHERTYPE_IPV4, pkt);
    this.resolveHop(hop, pkt, onUnresolved);
  }

  private resolveHop(hop: Ip, pkt: Uint8Array, onUnresolved?: () => void): void {
    const p = this.pendingArp.get(hop);
    if (p) { if (p.packets.length < 8) p.packets.push(pkt); if (onUnresolved) p.failed.push(onUnresolved); return; }
    const entry = { packets: [pkt], tries: 0, timer: 0, failed: onUnresolved ? [onUnresolved] : [] };
    this.pendingArp.set(hop, entry);
    const ask = (): void => {
      if (++entry.tries > ARP_TRIES) {
        this.pendingArp.delete(hop);
        for (const f of entry.failed) f();
        return;
      }
      this.sendFrame(BROADCAST_MAC, ETHERTYPE_ARP, buildArp({ op: ARP_REQUEST, senderMac: this.config.mac, senderIp: this.config.ip, targetMac: new Uint8Array(6), targetIp: hop }));
      entry.timer = this.timers.add(this.now() + ARP_RETRY_MS, ask);
    };
    ask();
    this.wake();
  }

  /** @internal */ sendUdp(srcPort: number, dst: Ip, dstPort: number, data: Uint8Array): void {
    this.sendIp(dst, IPPROTO_UDP, buildUdp(this.config.ip, dst, { srcPort, dstPort, data }));
  }

  // --- the API applications use ---

  /** Resolve a name (or dotted address) to an IPv4 address; undefined when nobody answers. */
  async resolve(name: string): Promise<Ip | undefined> {
    if (isIp(name)) return parseIpAddr(name);
    const key = name.toLowerCase();
    if (key === this.config.name.toLowerCase() || key === 'localhost') return this.config.ip;
    const cached = this.names.get(key);
    if (cached && cached.expires > this.now()) return cached.ip;
    return new Promise((resolve) => {
      const id = (this.ipId * 7919 + 1) & 0xffff;
      const q = { name, resolve, timer: 0, tries: 0 };
      const ask = (): void => {
        if (++q.tries > NAME_TRIES) { this.nameQueries.delete(id); resolve(undefined); return; }
        this.sendUdp(this.ephemeralPortFor(id), LLMNR_GROUP, LLMNR_PORT, buildNameMessage({ id, response: false, name }));
        q.timer = this.timers.add(this.now() + NAME_TIMEOUT_MS, ask);
      };
      this.nameQueries.set(id, q);
      ask();
      this.wake();
    });
  }

  private ephemeralPortFor(id: number): number { return EPHEMERAL_FIRST + (id % 16384); }

  /** One echo request, as one line of Windows' ping. */
  ping(dst: Ip, opts: { size?: number; timeoutMs?: number; ttl?: number } = {}): Promise<PingResult> {
    // The machine's own address and 127.x never leave it (loopback answers at once; no firewall rule applies).
    if (dst === this.config.ip || dst >>> 24 === 127) return Promise.resolve({ kind: 'reply', from: dst, bytes: opts.size ?? 32, timeMs: 0, ttl: DEFAULT_TTL });
    if (!this.link) return Promise.resolve({ kind: 'failure' });
    const seq = ++this.pingSeq & 0xffff;
    const key = ((1 << 16) | seq) >>> 0;
    return new Promise((resolve) => {
      const sentAt = this.now();
      const timer = this.timers.add(sentAt + (opts.timeoutMs ?? 4000), () => { this.pings.delete(key); resolve({ kind: 'timeout' }); });
      this.pings.set(key, { resolve, sentAt, timer });
      const msg = buildIcmp({ type: ICMP_ECHO_REQUEST, code: 0, rest: key, data: windowsPingPayload(opts.size ?? 32) });
      this.sendIp(dst, IPPROTO_ICMP, msg, () => {
        // No ARP answer: Windows reports "Destination host unreachable" from its own address.
        if (!this.pings.delete(key)) return;
        this.timers.cancel(timer);
        resolve({ kind: 'unreachable', from: this.config.ip });
      });
      this.wake();
    });
  }

  udpBind(port = 0): UdpSocket {
    if (port === 0) port = this.allocPort((p) => this.udp.has(p));
    if (this.udp.has(port)) throw new NetError(WSAEADDRINUSE);
    const s = new UdpSocket(this, port);
    this.udp.set(port, s);
    return s;
  }
  /** @internal */ closeUdp(s: UdpSocket): void { if (this.udp.get(s.port) === s) this.udp.delete(s.port); }

  tcpListen(port: number): TcpListener {
    if (this.listeners.has(port)) throw new NetError(WSAEADDRINUSE);
    const l = new TcpListener(this, port);
    this.listeners.set(port, l);
    return l;
  }
  /** @internal */ closeListener(l: TcpListener): void { if (this.listeners.get(l.port) === l) this.listeners.delete(l.port); }

  /** Active open; resolves when established, rejects with WSAECONNREFUSED or WSAETIMEDOUT. */
  async tcpConnect(dst: Ip, port: number): Promise<TcpConnection> {
    const local = this.allocPort((p) => [...this.conns.values()].some((c) => c.localPort === p));
    const c = new TcpConnection(this.tcpEnv, this.config.ip, local, dst, port, this.newIss());
    this.conns.set(this.connKey(dst, port, local), c);
    this.wake();
    await c.connected();
    return c;
  }

  /** Open TCP connections (for netstat). */
  connections(): { local: string; remote: string; state: string }[] {
    return [...this.conns.values()].map((c) => ({ local: `${formatIp(c.localIp)}:${c.localPort}`, remote: `${formatIp(c.remoteIp)}:${c.remotePort}`, state: c.state }));
  }

  private connKey(remote: Ip, remotePort: number, localPort: number): string { return `${remote}:${remotePort}:${localPort}`; }
  private newIss(): number { this.issSeed = (Math.imul(this.issSeed, 1103515245) + 12345) >>> 0; return this.issSeed; }
  private allocPort(used: (p: number) => boolean): number {
    for (let i = 0; i < 16384; i++) {
      const p = this.nextPort;
      this.nextPort = this.nextPort >= 65535 ? EPHEMERAL_FIRST : this.nextPort + 1;
      if (!used(p)) return p;
    }
    throw new NetError(WSAEADDRINUSE);
  }

  /** What survives a snapshot: the neighbour and name caches and counters (open sockets do not, as after a VM restore). */
  saveState(): { arp: { ip: Ip; mac: string; expires: number }[]; names: [string, { ip: Ip; expires: number }][]; ipId: number; pingSeq: number; nextPort: number; issSeed: number; firewall: FirewallRules } {
    const now = this.now();
    return {
      arp: this.arp.entries(now).map((e) => ({ ip: e.ip, mac: Buffer.from(e.mac).toString('hex'), expires: e.expires })),
      names: [...this.names], ipId: this.ipId, pingSeq: this.pingSeq, nextPort: this.nextPort, issSeed: this.issSeed, firewall: { ...this.firewall },
    };
  }
  loadState(s: ReturnType<NetStack['saveState']>): void {
    this.arp.clear();
    for (const e of s.arp) this.arp.learn(e.ip, new Uint8Array(Buffer.from(e.mac, 'hex')), e.expires - 30_000);
    this.names.clear();
    for (const [k, v] of s.names) this.names.set(k, v);
    this.ipId = s.ipId; this.pingSeq = s.pingSeq; this.nextPort = s.nextPort; this.issSeed = s.issSeed;
    Object.assign(this.firewall, s.firewall);
  }
}
