// Socket errors with Windows' codes and messages (what a learner sees from ping, copy and the provisioning log).

export const WSAECONNABORTED = 10053, WSAECONNRESET = 10054, WSAETIMEDOUT = 10060, WSAECONNREFUSED = 10061,
  WSAEHOSTUNREACH = 10065, WSAEADDRINUSE = 10048, WSAHOST_NOT_FOUND = 11001, WSAENETDOWN = 10050, WSAENOTCONN = 10057;

const MESSAGES: Record<number, string> = {
  [WSAECONNABORTED]: 'An established connection was aborted by the software in your host machine.',
  [WSAECONNRESET]: 'An existing connection was forcibly closed by the remote host.',
  [WSAETIMEDOUT]: 'A connection attempt failed because the connected party did not properly respond after a period of time, or established connection failed because connected host has failed to respond.',
  [WSAECONNREFUSED]: 'No connection could be made because the target machine actively refused it.',
  [WSAEHOSTUNREACH]: 'A socket operation was attempted to an unreachable host.',
  [WSAEADDRINUSE]: 'Only one usage of each socket address (protocol/network address/port) is normally permitted.',
  [WSAHOST_NOT_FOUND]: 'No such host is known.',
  [WSAENETDOWN]: 'A socket operation encountered a dead network.',
  [WSAENOTCONN]: 'A request to send or receive data was disallowed because the socket is not connected.',
};

export class NetError extends Error {
  constructor(readonly code: number, detail?: string) {
    super(`${MESSAGES[code] ?? 'Network error.'} (${code})${detail ? ` ${detail}` : ''}`);
    this.name = 'NetError';
  }
}
