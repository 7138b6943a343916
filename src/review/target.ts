/** Review targets: the versions `too-new-api` judges against, checked once for every language. */
import { defaultTarget } from '../catalog/index.js';
import type { ReviewTarget } from './finding.js';

/** Target used when the caller names none: the oldest Node line still supported (the catalog's support calendar). */
export const DEFAULT_TARGET: ReviewTarget = { node: defaultTarget('node') };

const NODE_VERSION = /^\d{1,2}(\.\d{1,3}){0,2}$/;
const ES_VERSION = /^(ES(20\d\d|5|6|Next)|20\d\d)$/i;
const PY_VERSION = /^3\.\d{1,2}$/;
/** A .NET major as people write it: `8`, `8.0`, `net8.0`. */
const DOTNET_VERSION = /^(?:net)?(\d{1,2})(?:\.0)?$/i;
/** A tokio version as Cargo.toml writes it: `1.24`, `1.24.2` (kept as major.minor, the catalog's granularity). */
const TOKIO_VERSION = /^(1\.\d{1,2})(?:\.\d{1,3})?$/;

/** Checks a target and fills the default; throws RangeError naming the accepted forms. */
export function normaliseTarget(target: ReviewTarget | undefined): ReviewTarget {
  if (target !== undefined && (typeof target !== 'object' || target === null)) throw new TypeError(`target must be an object like { node: "20" }, received ${target === null ? 'null' : typeof target}`);
  if (target?.dotnet !== undefined && !DOTNET_VERSION.test(String(target.dotnet))) throw new RangeError(`target.dotnet must be a .NET major version like "8" (or "8.0", "net8.0"), received ${JSON.stringify(target.dotnet)}`);
  // The other languages' axes ride along unchanged: each reviewer reads only its own.
  if (target?.tokio !== undefined && !TOKIO_VERSION.test(String(target.tokio))) throw new RangeError(`target.tokio must be a tokio 1.x version like "1.24" (or "1.24.2"), received ${JSON.stringify(target.tokio)}`);
  const others: ReviewTarget = {
    ...(target?.dotnet !== undefined ? { dotnet: DOTNET_VERSION.exec(String(target.dotnet))?.[1] } : {}),
    ...(target?.tokio !== undefined ? { tokio: TOKIO_VERSION.exec(String(target.tokio))?.[1] } : {}),
  };
  if (target === undefined || (target.node === undefined && target.ecmascript === undefined && target.python === undefined)) {
    return { ...DEFAULT_TARGET, ...others };
  }
  if (target.node !== undefined && !NODE_VERSION.test(String(target.node))) throw new RangeError(`target.node must be a Node version like "20" or "20.11", received ${JSON.stringify(target.node)}`);
  if (target.ecmascript !== undefined && !ES_VERSION.test(String(target.ecmascript))) throw new RangeError(`target.ecmascript must be an edition like "ES2022", received ${JSON.stringify(target.ecmascript)}`);
  if (target.python !== undefined && !PY_VERSION.test(String(target.python))) throw new RangeError(`target.python must be a version like "3.11", received ${JSON.stringify(target.python)}`);
  const out: ReviewTarget = {};
  if (target.node !== undefined) out.node = String(target.node);
  if (target.ecmascript !== undefined) out.ecmascript = String(target.ecmascript).toUpperCase().replace(/^(20\d\d)$/, 'ES$1');
  if (target.python !== undefined) out.python = String(target.python);
  return { ...out, ...others };
}
