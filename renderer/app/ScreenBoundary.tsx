import { Component, type ReactNode } from 'react';

/**
 * Keeps a screen's failure inside the screen: a lazy screen whose code could not be loaded, or
 * a render error, shows its message here while the sidebar, top bar and data stay usable
 * (without a boundary React would unmount the whole window). Keyed by screen by its parent,
 * so moving to another screen starts afresh.
 */
export class ScreenBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="notice bad" role="alert" data-testid="screen-error">
        This screen failed: {error.message}. The other screens and your data are unaffected; reload the window (Ctrl+R) to try it again.
      </div>
    );
  }
}
