// Completion and hover for our WDK headers: routines, role types, structs, enums and macros, from the index main
// builds of kernel/inc (served by the `headers.index` request, per image kind: KMDF, WDM, UMDF, user mode).
import type { HeaderSymbol, ImageKind } from '../../../main/api/contract.ts';
import { monaco } from './monaco.ts';

let symbols = new Map<string, HeaderSymbol>();
let registered = false;

const KIND: Record<HeaderSymbol['kind'], number> = {
  function: monaco.languages.CompletionItemKind.Function,
  callback: monaco.languages.CompletionItemKind.Interface,
  struct: monaco.languages.CompletionItemKind.Struct,
  union: monaco.languages.CompletionItemKind.Struct,
  enum: monaco.languages.CompletionItemKind.Enum,
  enumerator: monaco.languages.CompletionItemKind.EnumMember,
  typedef: monaco.languages.CompletionItemKind.TypeParameter,
  macro: monaco.languages.CompletionItemKind.Constant,
};

function hoverText(sym: HeaderSymbol): monaco.IMarkdownString[] {
  return [
    { value: '```c\n' + sym.signature + '\n```' },
    ...(sym.doc ? [{ value: sym.doc }] : []),
    { value: `*${sym.kind}* — declared in \`${sym.header}\` line ${sym.line}` },
  ];
}

export function setHeaderSymbols(list: HeaderSymbol[]): void {
  symbols = new Map(list.map((s) => [s.name, s]));
  if (registered) return;
  registered = true;
  for (const lang of ['c', 'cpp']) {
    monaco.languages.registerCompletionItemProvider(lang, {
      provideCompletionItems(model, position) {
        const word = model.getWordUntilPosition(position);
        const range = new monaco.Range(position.lineNumber, word.startColumn, position.lineNumber, word.endColumn);
        const prefix = word.word.toLowerCase();
        const suggestions: monaco.languages.CompletionItem[] = [];
        for (const sym of symbols.values()) {
          if (prefix && !sym.name.toLowerCase().startsWith(prefix)) continue;
          suggestions.push({
            label: sym.name,
            kind: KIND[sym.kind],
            detail: `${sym.header}`,
            documentation: { value: '```c\n' + sym.signature + '\n```' + (sym.doc ? '\n\n' + sym.doc : '') },
            insertText: sym.name,
            range,
          });
          if (suggestions.length >= 400) break;
        }
        return { suggestions, incomplete: suggestions.length >= 400 };
      },
    });
    monaco.languages.registerHoverProvider(lang, {
      provideHover(model, position) {
        const word = model.getWordAtPosition(position);
        const sym = word && symbols.get(word.word);
        if (!word || !sym) return null;
        return {
          range: new monaco.Range(position.lineNumber, word.startColumn, position.lineNumber, word.endColumn),
          contents: hoverText(sym),
        };
      },
    });
  }
}

export type { ImageKind };
