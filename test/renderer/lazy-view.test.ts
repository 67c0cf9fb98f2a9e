/**
 * A lazy screen whose code has arrived renders at once, not through a Suspense round (React holds
 * a revealed boundary back up to 300 ms): the Overview after a load and a screen on its first click
 * mount, and ask for their results, without that wait. Its code is fetched once; a failed fetch is
 * tried again.
 */
import { createElement, Suspense } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { LazyView, viewCode, type ViewCode } from '../../renderer/app/lazy-screens.ts';

const Screen = () => createElement('p', null, 'the screen');
const shown = (code: ViewCode) =>
  renderToString(createElement(Suspense, { fallback: createElement('i', null, 'placeholder') }, createElement(LazyView, { code })));

describe('LazyView', () => {
  it('shows the placeholder until the code is there, then the screen itself, fetching it once', async () => {
    let loads = 0;
    const code = viewCode(async () => {
      loads++;
      return Screen;
    });
    expect(shown(code)).toContain('placeholder');
    await Promise.all([code.prefetch(), code.prefetch()]);
    expect(loads).toBe(1);
    const html = shown(code);
    expect(html).toContain('the screen');
    expect(html).not.toContain('placeholder');
  });

  it('fetches again after a failed fetch', async () => {
    let loads = 0;
    const code = viewCode(async () => {
      loads++;
      if (loads === 1) throw new Error('chunk not found');
      return Screen;
    });
    await expect(code.prefetch()).rejects.toThrow('chunk not found');
    await code.prefetch();
    expect(loads).toBe(2);
    expect(shown(code)).toContain('the screen');
  });
});
