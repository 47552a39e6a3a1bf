// Monaco, bundled locally (no CDN): the full editor core, C/C++ highlighting, and its one worker.
import 'monaco-editor/esm/vs/editor/edcore.main.js';
import 'monaco-editor/esm/vs/basic-languages/cpp/cpp.contribution.js';
import 'monaco-editor/esm/vs/basic-languages/ini/ini.contribution.js';
import * as monaco from 'monaco-editor/esm/vs/editor/editor.api.js';
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker.js?worker';

(self as unknown as { MonacoEnvironment: unknown }).MonacoEnvironment = { getWorker: () => new EditorWorker() };

// Visual Studio's dark theme colours for the editor surface.
monaco.editor.defineTheme('vs-driverlab', {
  base: 'vs-dark',
  inherit: true,
  rules: [
    { token: 'keyword', foreground: '569CD6' },
    { token: 'comment', foreground: '57A64A' },
    { token: 'string', foreground: 'D69D85' },
    { token: 'number', foreground: 'B5CEA8' },
    { token: 'keyword.directive', foreground: '9B9B9B' },
    { token: 'type.wdk', foreground: '4EC9B0' },
    { token: 'function.wdk', foreground: 'DCDCAA' },
    { token: 'macro.wdk', foreground: 'BEB7FF' },
  ],
  colors: {
    'editor.background': '#1E1E1E',
    'editor.lineHighlightBorder': '#282828',
    'editorLineNumber.foreground': '#2B91AF',
    'editorLineNumber.activeForeground': '#2B91AF',
    'editorGutter.background': '#1E1E1E',
  },
});

export { monaco };
export function languageFor(path: string): string {
  const ext = path.toLowerCase().split('.').pop();
  if (ext === 'c' || ext === 'h') return 'c';
  if (ext === 'cpp' || ext === 'hpp' || ext === 'cxx') return 'cpp';
  if (ext === 'inf' || ext === 'inx') return 'ini';
  return 'plaintext';
}
