// stampinf: turn a project's .inx/.inf into the package's .inf. DriverVer is stamped in [Version] (date and version),
// $ARCH$ and the framework version tokens are expanded. Line count stays the same unless DriverVer must be added.

export interface StampOptions {
  arch?: string;          // default amd64
  kmdfVersion?: string;   // default 1.15
  umdfVersion?: string;   // default 2.15
  date?: Date;            // default now (local time, as "Use Local Time" makes it)
  version?: string;       // default from the time of day, as `stampinf -v *` does
}

const pad = (n: number) => String(n).padStart(2, '0');

export function driverVer(date: Date, version?: string): string {
  const v = version ?? `${date.getHours()}.${date.getMinutes()}.${date.getSeconds()}.${date.getMilliseconds()}`;
  return `${pad(date.getMonth() + 1)}/${pad(date.getDate())}/${date.getFullYear()},${v}`;
}

export function stampInf(text: string, opts: StampOptions = {}): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const stamped = driverVer(opts.date ?? new Date(), opts.version);
  const lines = text
    .replace(/\$ARCH\$/gi, opts.arch ?? 'amd64')
    .replace(/\$KMDFVERSION\$/gi, opts.kmdfVersion ?? '1.15')
    .replace(/\$UMDFVERSION\$/gi, opts.umdfVersion ?? '2.15')
    .split(/\r\n|\n/);
  let inVersion = false, versionHeader = -1, done = false;
  for (let i = 0; i < lines.length; i++) {
    const h = /^\s*\[([^\]]*)\]/.exec(lines[i]);
    if (h) { inVersion = h[1].trim().toLowerCase() === 'version'; if (inVersion) versionHeader = i; continue; }
    if (inVersion && /^\s*DriverVer\s*=/i.test(lines[i])) { lines[i] = `DriverVer = ${stamped}`; done = true; }
  }
  if (!done && versionHeader >= 0) {
    // After the last entry of [Version] so the section keeps its shape.
    let at = versionHeader + 1;
    for (let i = versionHeader + 1; i < lines.length && !/^\s*\[/.test(lines[i]); i++) if (/\S/.test(lines[i]) && !/^\s*;/.test(lines[i])) at = i + 1;
    lines.splice(at, 0, `DriverVer = ${stamped}`);
  }
  return lines.join(eol);
}
