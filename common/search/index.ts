/** The kiosk's search: Vietnamese folding, sound keys and an index with synonyms (see engine.ts). */
export {
  createSearchIndex,
  FIELD_WEIGHTS,
  type IndexOptions,
  type SearchDoc,
  type SearchField,
  type SearchHit,
  type SearchIndex,
  type SearchOptions,
} from './engine';
export { editDistance, foldText, foldTokens, looksLikeTelex, markedTokens, queryTokens, queryWords, soundKey, type QueryWord } from './fold';
export { SYNONYMS, type Synonym } from './synonyms';
export { POPULAR_PROCEDURES } from './popular';
