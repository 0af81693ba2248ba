import { describe, expect } from 'vitest';
import { kernelIt } from '@nlkit/testkit';
import { MessageBuilder, NETLINK_USERSOCK, Session, readString, stringBytes, walkAttrs } from '../core.js';

const MSG_ECHO = 0x20;
const ATTR_TEXT = 1;

describe('process-to-process netlink over NETLINK_USERSOCK', () => {
  kernelIt('two sockets exchange a request and a reply built with the codec', async () => {
    const server = await Session.open({ protocol: NETLINK_USERSOCK });
    const client = await Session.open({ protocol: NETLINK_USERSOCK });
    try {
      const serverPort = server.portId;
      expect(serverPort).toBeGreaterThan(0);
      // The server answers each request with the text upper-cased, then an ack.
      const serving = (async () => {
        for await (const { message, sender } of server.subscribe()) {
          let text = '';
          walkAttrs(message.buf, message.start, message.end, (t, s, e) => { if (t === ATTR_TEXT) text = readString(message.buf, s, e); });
          const b = new MessageBuilder();
          b.attr(ATTR_TEXT, stringBytes(text.toUpperCase()));
          server.send({ type: MSG_ECHO, body: b.finish(), seq: message.seq }, sender);
          const ack = new Uint8Array(4 + 16);
          ack.set(message.buf.subarray(message.start - 16, message.start), 4);
          server.send({ type: 2, body: ack, seq: message.seq }, sender);
          return sender;
        }
      })();
      const b = new MessageBuilder();
      b.attr(ATTR_TEXT, stringBytes('hello, kernel-free world'));
      // A request to a user-space port: the session's request() targets the kernel, so send and
      // collect by hand through a subscription.
      const replies = client.subscribe();
      client.send({ type: MSG_ECHO, body: b.finish(), seq: 77 }, serverPort);
      const sender = await serving;
      expect(sender).toBe(client.portId);
      const first = await replies.next();
      expect(first.value!.sender).toBe(serverPort);
      const m = first.value!.message;
      expect(m.seq).toBe(77);
      let text = '';
      walkAttrs(m.buf, m.start, m.end, (t, s, e) => { if (t === ATTR_TEXT) text = readString(m.buf, s, e); });
      expect(text).toBe('HELLO, KERNEL-FREE WORLD');
    } finally {
      server.close();
      client.close();
    }
  });
});
