import type { FromWorker, ToWorker } from '../../workers/protocol.ts';

/** A fake worker scope for the job host: messages in, messages and their transfer lists out. */
export function fakePort() {
  const out: { msg: FromWorker; transfer: Transferable[] }[] = [];
  let listener: ((ev: MessageEvent<ToWorker>) => void) | undefined;
  return {
    out,
    port: {
      postMessage: (msg: FromWorker, transfer: Transferable[]) => out.push({ msg, transfer }),
      addEventListener: (_t: 'message', l: (ev: MessageEvent<ToWorker>) => void) => {
        listener = l;
      },
    },
    send: (m: ToWorker) => listener!({ data: m } as MessageEvent<ToWorker>),
  };
}
