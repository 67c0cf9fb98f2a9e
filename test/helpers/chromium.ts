/**
 * Debian's Chromium (apt-get install -y chromium) and the flags every end-to-end test and the app
 * benchmark launch it with: headless, no sandbox (containers), and nothing that reaches the network.
 */
export const CHROMIUM = '/usr/bin/chromium';

export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
