/** Vite's `?url` imports: the asset is bundled with the app and its URL returned (never a CDN). */
declare module '*.wasm?url' {
  const url: string;
  export default url;
}
