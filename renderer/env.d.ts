/** Vite asset imports: `?url` yields the emitted file's URL. */
declare module '*?url' {
  const url: string;
  export default url;
}
