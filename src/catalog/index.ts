// The verified-API catalog: facts derived from authoritative type definitions (see scripts/catalog/), loaded lazily
// per language from data/<language>.json, with lookup, suggestions, search and version comparison.
export { catalogInfo, catalogLanguageOf, listSymbols, searchApi, verifyApi } from './verify.js';
export { clearCatalogCache, expandCatalogFile, loadCatalog } from './load.js';
export { defaultTarget, supportCalendar, supportedLines, type SupportCalendar, type SupportLine } from './calendar.js';
export {
  catalogLanguages,
  CATALOG_FILES,
  TARGET_KEYS,
  type ApiStatus,
  type ApiTarget,
  type ApiVerdict,
  type CatalogEntry,
  type CatalogFile,
  type CatalogFileLanguage,
  type CatalogLanguage,
  type SearchHit,
  type TargetKey,
} from './types.js';
export { availableAt, ECMASCRIPT_EDITIONS, nodeAvailability } from './versions.js';
