/** Vite asset imports: `?url` yields the emitted file's URL. */
declare module '*?url' {
  const url: string;
  export default url;
}
/** Vite worker imports: `?worker&url` yields the URL of the bundled (module) worker. */
declare module '*?worker&url' {
  const url: string;
  export default url;
}
