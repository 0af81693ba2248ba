/**
 * The generated package's README. Its example runs as printed on Node 20 (the repository's
 * README test runs it in a throwaway netns): it only dumps, so it changes nothing, and a
 * family served from user space gets a small server in the same program to talk to.
 */
import type { FamilyIR } from '@nlkit/ir';
import { methodNames } from './emit/client.js';
import { createContext } from './emit/context.js';
import { opNames } from './emit/operations.js';
import { generatorVersion, type PackageTarget } from './target.js';

/** Markdown text: schema prose is kept, but cannot open a code fence or raw HTML. */
function mdText(s: string): string {
  return s.replace(/\r\n?/g, '\n').replace(/```/g, "'''").replace(/</g, '&lt;').trim();
}

/** Text for inline code or a one-line comment. */
function mdComment(s: string): string {
  return mdText(s).replace(/\s+/g, ' ').replace(/`/g, "'");
}

const NETLINK_USERSOCK = 2;
/** The kernel assigns protocol numbers up to 22 (NETLINK_SMC); above that, and USERSOCK, user space serves. */
const LAST_KERNEL_PROTOCOL = 22;

/** Whether a process, not the kernel, answers this family's requests. */
export function servedFromUserSpace(ir: FamilyIR): boolean {
  return ir.protocol === 'netlink-raw' && (ir.protonum === NETLINK_USERSOCK || ir.protonum > LAST_KERNEL_PROTOCOL);
}

/** An object key in code: bare when it is a plain identifier. */
function key(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name);
}

function usage(ir: FamilyIR, name: string): string[] {
  const ctx = createContext(ir);
  const ops = opNames(ctx);
  const names = methodNames(ops);
  const { client, runtime } = ctx.fam;
  const dumpOp = ops.find((n) => n.dumpRequest);
  const doOp = ops.find((n) => n.doRequest && n.doReply) ?? ops.find((n) => n.doRequest);
  const body: string[] = [];
  if (dumpOp) {
    body.push(`  // ${mdComment(dumpOp.op.doc ?? dumpOp.op.name)}`, `  for await (const item of client.${names.get(dumpOp)!.dump!}()) console.log(item);`);
  } else if (doOp) {
    body.push(`  // Each operation is a method, e.g. \`await client.${names.get(doOp)!.do!}(request)\`.`);
  }
  const lines: string[] = [];
  if (servedFromUserSpace(ir)) {
    const handlers = dumpOp ? `{ ${key(dumpOp.op.name)}: () => [] }` : '{}';
    lines.push(
      '```ts',
      "import { FamilyServer, Session } from '@nlkit/core';",
      `import { ${client}, ${runtime} } from '${name}';`,
      '',
      `// ${mdComment(ir.name)} is served by a process, not the kernel: here, a server in the same program`,
      `// that answers with no items. Clients reach a server by its port id (\`peer\`).`,
      `const serverSession = await Session.open({ protocol: ${runtime}.ir.protonum });`,
      `const serving = new FamilyServer(${runtime}, serverSession, ${handlers}).serve();`,
      '',
      `const client = await ${client}.open({ peer: serverSession.portId });`,
      'try {',
      ...body,
      '} finally {',
      '  client.close();',
      '  serverSession.close();',
      '  await serving;',
      '}',
      '```',
    );
  } else {
    lines.push(
      '```ts',
      `import { ${client} } from '${name}';`,
      '',
      `const client = await ${client}.open();`,
      'try {',
      ...body,
      '} finally {',
      '  client.close();',
      '}',
      '```',
    );
  }
  lines.push(
    '',
    `\`${client}.open({ netns: 'blue' })\` opens the socket inside another network namespace, and`,
    `\`{ session }\` shares one socket between clients of the same protocol. Where the runtime has`,
    `explicit resource management (\`await using\`, not in Node 20), \`await using client = await ${client}.open()\``,
    'closes the client at the end of the scope.',
    '',
  );
  const methods: string[] = [];
  if (doOp) methods.push(`\`client.${names.get(doOp)!.do!}(request)\` resolves with the reply (a do request)`);
  if (doOp) methods.push(`\`client.${names.get(doOp)!.batch!}([...requests])\` sends many, pipelined, and resolves with one settled result per request`);
  if (dumpOp) methods.push(`\`client.${names.get(dumpOp)!.dump!}(request)\` yields each reply of a dump as it arrives`);
  if (ir.mcastGroups.length) methods.push('`client.notifications()` yields the multicast notifications, each with `name` (the operation) and a typed `value`');
  if (methods.length) lines.push(`Every operation is a typed method: ${methods.join('; ')}.`);
  lines.push('Byte-level helpers (`encode…Request`, `decode…Reply`) work without a socket.', '');
  return lines;
}

function operations(ir: FamilyIR): string[] {
  const ops = opNames(createContext(ir));
  if (!ops.length) return [];
  const lines = ['## Operations', ''];
  for (const n of ops) {
    const modes = [n.op.do ? 'do' : '', n.op.dump ? 'dump' : '', n.op.notification ? 'notification' : ''].filter(Boolean).join(', ');
    lines.push(`- \`${mdComment(n.op.name)}\` (${modes})${n.op.doc ? `: ${mdComment(n.op.doc)}` : ''}`);
  }
  lines.push('');
  return lines;
}

export function readme(ir: FamilyIR, name: string, schemaLabel: string, target: PackageTarget): string {
  const schema = `\`${mdComment(schemaLabel)}\``;
  const lines: string[] = [`# ${name}`, '', `Typed client for the \`${mdComment(ir.name)}\` netlink family (${ir.protocol}).`, ''];
  if (ir.doc) lines.push(mdText(ir.doc), '');
  if (target.mode === 'monorepo') lines.push('```sh', `npm install ${name}`, '```', '');
  lines.push('## Usage', '', ...usage(ir, name), ...operations(ir));
  if (target.mode === 'monorepo') {
    lines.push(
      '## Generated code',
      '',
      `Generated by @nlkit/codegen from ${schema} in the nlkit repository: do not edit \`src/gen/\`;`,
      'change the schema and run `pnpm gen` there. Hand-written additions go beside it (e.g. in `src/index.ts`).',
      '',
    );
  } else {
    lines.push(
      '## Build',
      '',
      '```sh',
      'npm install',
      'npm run build',
      '```',
      '',
      '## Regenerating',
      '',
      `\`src/gen/\` was generated by nlkit-gen (@nlkit/codegen ${generatorVersion()}) from ${schema}: do not edit it;`,
      'change the schema and regenerate. From this folder:',
      '',
      '```sh',
      target.regenerate,
      '```',
      '',
      '`package.json` keeps its version and what you add to it; `tsconfig.json` and `src/index.ts` are',
      'written only when missing, so hand-written additions beside `src/gen/` survive. The generated',
      'code needs no Node types: if your additions do, add `@types/node` and list `"node"` in the',
      'tsconfig\'s `types`.',
      '',
    );
  }
  return lines.join('\n');
}
