let supported: boolean | undefined;

/**
 * Whether the page can draw WebGL (Plotly's `scattergl`); asked once. A machine without it (no
 * GPU and no software fallback) gets SVG traces instead of Plotly's "WebGL is not supported" box.
 */
export function hasWebGl(): boolean {
  if (supported === undefined) {
    const gl = document.createElement('canvas').getContext('webgl');
    supported = gl !== null;
    // Not kept: the page has a limit of live contexts, and Plotly makes its own.
    gl?.getExtension('WEBGL_lose_context')?.loseContext();
  }
  return supported;
}
