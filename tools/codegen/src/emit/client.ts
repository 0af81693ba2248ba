/** The client class: one typed method per operation mode, on top of core's FamilyClient. */
import { memberName } from '@nlkit/ir';
import { StructureKind, type MethodDeclarationStructure, type OptionalKind, type StatementStructures } from 'ts-morph';
import type { Ctx } from './context.js';
import { docs, lit } from './docs.js';
import type { OpNames } from './operations.js';

/** Members of FamilyClient (and JS) that an operation method must not shadow. */
const BASE_MEMBERS = new Set([
  'close', 'session', 'runtime', 'notifications', 'doRequest', 'dumpRequest', 'doBatch', 'familyId', 'groupId',
  'toNotification', 'notificationStream', 'ownsSession', 'constructor', 'open', 'sessionFor', 'watchFamilies',
]);

/** Method names per op (do, its batch form, dump), with an `Op` suffix where a name is taken. */
export function methodNames(ops: OpNames[]): Map<OpNames, { do?: string; batch?: string; dump?: string }> {
  const taken = new Set<string>();
  const method = (want: string): string => {
    let name = BASE_MEMBERS.has(want) || taken.has(want) ? `${want}Op` : want;
    for (let i = 2; BASE_MEMBERS.has(name) || taken.has(name); i++) name = `${want}Op${i}`;
    taken.add(name);
    return name;
  };
  const out = new Map<OpNames, { do?: string; batch?: string; dump?: string }>();
  for (const n of ops) {
    const base = memberName(n.op.name);
    const m: { do?: string; batch?: string; dump?: string } = {};
    if (n.doRequest) m.do = method(base);
    if (n.dumpRequest) m.dump = method(`${base}Dump`);
    out.set(n, m);
  }
  // Batch names last: an operation named like another's batch form keeps its plain name.
  for (const n of ops) {
    if (n.doRequest) out.get(n)!.batch = method(`${memberName(n.op.name)}Batch`);
  }
  return out;
}

export function emitClient(ctx: Ctx, ops: OpNames[]): StatementStructures[] {
  const { client, runtime, notification, group } = ctx.fam;
  const names = methodNames(ops);
  const methods: OptionalKind<MethodDeclarationStructure>[] = [];
  for (const n of ops) {
    const op = n.op;
    if (n.doRequest) {
      const reply = n.doReply;
      methods.push({
        name: names.get(n)!.do!,
        isAsync: true,
        docs: docs(op.doc, reply ? `Sends \`${op.name}\` and resolves with the reply.` : `Sends \`${op.name}\` and resolves once the kernel acknowledges it.`),
        parameters: [
          { name: 'request', type: n.doRequest },
          { name: 'options', type: '$OpOptions', hasQuestionToken: true },
        ],
        returnType: `Promise<${reply ?? 'void'}>`,
        statements: reply
          ? [`return this.doRequest(${lit(op.name)}, request, options);`]
          : [`await this.doRequest(${lit(op.name)}, request, options);`],
      });
      methods.push({
        name: names.get(n)!.batch!,
        docs: docs(
          `Many \`${op.name}\` requests, pipelined (see \`doBatch\`): every request is checked before any is sent, and the result has one settled outcome per request, in order.`,
        ),
        parameters: [
          { name: 'requests', type: `ReadonlyArray<${n.doRequest}>` },
          { name: 'options', type: '$OpOptions', hasQuestionToken: true },
        ],
        returnType: `Promise<Array<PromiseSettledResult<${reply ?? 'undefined'}>>>`,
        statements: [`return this.doBatch(${lit(op.name)}, requests, options);`],
      });
    }
    if (n.dumpRequest) {
      const reply = n.dumpReply ?? 'Record<string, unknown>';
      methods.push({
        name: names.get(n)!.dump!,
        docs: docs(op.doc, `Dumps \`${op.name}\`: replies are yielded as they arrive.`),
        parameters: [
          { name: 'request', type: n.dumpRequest, initializer: '{}' },
          { name: 'options', type: '$OpOptions', hasQuestionToken: true },
        ],
        returnType: `AsyncGenerator<${reply}>`,
        statements: [`return this.dumpRequest(${lit(op.name)}, request, options);`],
      });
    }
  }
  methods.push({
    name: 'notifications',
    docs: docs('Notifications from the given multicast groups (default: all of them), decoded and named by operation.'),
    parameters: [
      { name: 'groups', type: `Array<${group}>`, hasQuestionToken: true },
      { name: 'options', type: '{ signal?: $AbortSignalLike }', initializer: '{}' },
    ],
    returnType: `AsyncIterableIterator<${notification}>`,
    statements: ['return super.notifications(groups, options);'],
  });
  return [{
    kind: StructureKind.Class,
    isExported: true,
    name: client,
    extends: `$FamilyClient<${ctx.fam.types}>`,
    docs: docs(ctx.ir.doc, `Client of the \`${ctx.ir.name}\` netlink family. Open it with \`${client}.open()\`; close it with \`close()\` (or \`await using\`).`),
    methods: [
      {
        name: 'open',
        isStatic: true,
        isAsync: true,
        overloads: [
          {
            docs: docs('Opens a client on its own socket, or on `options.session` when given.'),
            parameters: [{ name: 'options', type: '$ClientOptions', hasQuestionToken: true }],
            returnType: `Promise<${client}>`,
          },
          {
            docs: docs('FamilyClient\'s generic form, kept so the class stays a FamilyClient: a client of any runtime.'),
            parameters: [{ name: 'runtime', type: '$FamilyRuntime' }, { name: 'options', type: '$ClientOptions', hasQuestionToken: true }],
            returnType: 'Promise<$FamilyClient>',
          },
        ],
        parameters: [
          { name: 'first', type: '$ClientOptions | $FamilyRuntime', initializer: '{}' },
          { name: 'options', type: '$ClientOptions', initializer: '{}' },
        ],
        returnType: `Promise<${client} | $FamilyClient>`,
        statements: [
          'if (first instanceof $FamilyRuntime) return $FamilyClient.open(first, options);',
          `const { session, owned } = await $FamilyClient.sessionFor(${runtime}, first);`,
          `return new ${client}(${runtime}, session, owned);`,
        ],
      },
      ...methods,
    ],
  }];
}
