import path from 'node:path';

const MIME_BY_EXTENSION: Readonly<Record<string, string>> = {
  '.md': 'text/markdown',
  '.json': 'application/json',
  '.yaml': 'application/yaml',
  '.yml': 'application/yaml',
  '.txt': 'text/plain',
  '.py': 'text/x-python',
  '.ts': 'text/x-typescript',
  '.js': 'text/javascript',
  '.cs': 'text/x-csharp',
  '.rs': 'text/x-rust',
};

/** The MIME type served for a file, from its extension. */
export function mimeTypeFor(file: string): string {
  return MIME_BY_EXTENSION[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** Whether a MIME type is served as text (`text`) rather than base64 (`blob`). */
export function isTextMime(mime: string): boolean {
  return mime.startsWith('text/') || mime === 'application/json' || mime === 'application/yaml';
}
