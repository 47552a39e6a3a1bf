// New Project templates (assets/templates/<id>/template.json). A template either carries its files itself or
// names a test driver of ours (`from`) whose files it copies with its name replaced: one source for each.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../toolchain/clang.ts';
import { ImageKindSchema, type TemplateInfo } from '../contract.ts';
import { s, type Infer } from '../schema.ts';

export const templatesRoot = path.join(repoRoot, 'assets', 'templates');
export const PLACEHOLDER = '$safeprojectname$';

const TemplateFileSchema = s.object({
  name: s.string({ max: 128 }),
  description: s.string({ max: 1000 }),
  kind: ImageKindSchema,
  order: s.number({ int: true }),
  wpp: s.optional(s.boolean()),
  from: s.optional(s.string({ max: 256 })),
  rename: s.optional(s.string({ max: 64, pattern: /^\w+$/ })),
});
export type TemplateManifest = Infer<typeof TemplateFileSchema> & { id: string };

/** Files a template source folder may hold that are not part of a new project. */
const SKIP = /^(template\.json|x64|Debug|Release|.*\.vcxproj.*|.*\.sln|test|.*\.tmh)$/i;

export function listTemplates(root = templatesRoot): TemplateManifest[] {
  const out: TemplateManifest[] = [];
  for (const id of readdirSync(root).sort()) {
    const file = path.join(root, id, 'template.json');
    if (!existsSync(file)) continue;
    out.push({ id, ...TemplateFileSchema.parse(JSON.parse(readFileSync(file, 'utf8')), id) });
  }
  return out.sort((a, b) => a.order - b.order);
}

function sourceDir(t: TemplateManifest, root: string): string {
  return t.from ? path.join(repoRoot, t.from) : path.join(root, t.id);
}

export function templateInfo(t: TemplateManifest, root = templatesRoot): TemplateInfo {
  const dir = sourceDir(t, root);
  const available = existsSync(dir);
  return {
    id: t.id, name: t.name, description: t.description, kind: t.kind, available,
    ...(available ? {} : { reason: `its source ${t.from} is not in this build yet` }),
  };
}

function walk(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const n of readdirSync(dir).sort()) {
    if (SKIP.test(n)) continue;
    const p = path.join(dir, n);
    if (statSync(p).isDirectory()) out.push(...walk(p, rel + n + '/'));
    else out.push(rel + n);
  }
  return out;
}

/** The files of a new project: relative path -> text, with the template's name replaced by the project's. */
export function instantiate(t: TemplateManifest, name: string, root = templatesRoot): Map<string, string> {
  const dir = sourceDir(t, root);
  const replace = (text: string) => {
    let r = text.split(PLACEHOLDER).join(name);
    if (t.rename) {
      r = r.replace(new RegExp(t.rename, 'g'), name).replace(new RegExp(t.rename.toLowerCase(), 'g'), name.toLowerCase())
        .replace(new RegExp(t.rename.toUpperCase(), 'g'), name.toUpperCase());
    }
    return r;
  };
  const files = new Map<string, string>();
  for (const rel of walk(dir)) files.set(replace(rel), replace(readFileSync(path.join(dir, rel), 'utf8')));
  return files;
}
