// The Content Security Policy for the renderer, in one place for the web server and Electron's app:// protocol.
// No inline or remote script, no eval; styles may be inline (Monaco writes its own <style> elements).
export function contentSecurityPolicy(connect: string[] = []): string {
  return [
    "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:",
    "font-src 'self' data:", "worker-src 'self' blob:", `connect-src 'self' ${connect.join(' ')}`.trim(),
    "object-src 'none'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
  ].join('; ');
}
