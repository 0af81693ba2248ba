/** Help texts, one per command, each with examples. */
export const HELP: Record<string, string> = {
  main: `nlkit: talk to any netlink family from its YNL schema

Usage:
  nlkit families                                 known families (protocol, number of ops)
  nlkit <family> --list-ops                      operations and their attributes
  nlkit <family> <op> [--dump] [--json REQ]      run a request (do, or dump)
  nlkit monitor <family> [--group NAME]...       print notifications as they come
  nlkit policy <family> [<op>]                   the kernel's policy for a genetlink family
  nlkit decode <family> [--request] HEX...       decode captured netlink bytes
  nlkit --spec PATH.yaml <op> ...                any YNL spec file instead of a family name

Options for every command:
  --spec PATH        use this YNL spec file (then the family name is not needed)
  -h, --help         help for a command: nlkit <command> --help
  -V, --version      print the version

Families are found in $NLKIT_SCHEMA_PATH, the repository's schemas/, the schemas bundled
with nlkit, and /usr/share/ynl/specs. In family names - and _ are the same: tcp_metrics (the
kernel's name) and tcp-metrics (the package's name) are one family.

Examples:
  nlkit families
  nlkit rt-link --list-ops
  nlkit rt-link getlink --dump -o ndjson
  nlkit rt-link getlink --json '{"ifname":"lo"}'
  nlkit rt-link newlink --flags create,excl --json '{"ifname":"v0","linkinfo":{"kind":"veth","data":{"peer":{"header":{},"ifname":"v1"}}}}'
  nlkit monitor rt-link --group rtnlgrp-link --count 1
  nlkit policy ethtool linkinfo-get
  nlkit decode rt-link --request 2800000012000103...

Exit status: 0 ok, 1 the kernel or system refused (netlink error, timeout, output that
cannot be written), 2 bad usage or a bad request: one line on stderr, nothing was sent.
`,
  families: `Usage: nlkit families [-o pretty|json]

Lists the families nlkit knows: each spec's name, protocol, number of operations and
multicast groups, and the file it comes from.

Examples:
  nlkit families
  nlkit families -o json
`,
  'list-ops': `Usage: nlkit <family> --list-ops [-o pretty|json] [--names camel|schema]
       nlkit --spec PATH.yaml --list-ops

Lists a family's operations: which modes each has (do, dump, notify), the fixed header, and
the request and reply attributes as the JSON property names that output uses: camelCase, or
the schema's names with --names schema (--json takes either).

Examples:
  nlkit rt-link --list-ops
  nlkit ethtool --list-ops -o json
`,
  op: `Usage: nlkit <family> <op> [options]
       nlkit --spec PATH.yaml <op> [options]

Runs one operation. Without --dump it is a "do" request (or a dump when the op only dumps).

Options:
  --dump               dump instead of do
  --json REQ           the request as a JSON object; "-" reads stdin, "@FILE" reads a file (at
                       most 16 MiB). Names in either spelling, at every level: the schema's
                       (rtm-family, ifi-index) or camelCase (rtmFamily, ifiIndex), as in
                       --list-ops. Fixed-header members go under "header", or at the top level
                       when no attribute has the same name (then the attribute wins). Integers
                       beyond 2^53 are kept exact. Only the attributes the operation takes (see
                       --list-ops) are accepted.
  --flags LIST         extra request flags: create, excl, replace, append, echo, nonrec, bulk, atomic
  --netns NAME         run inside a network namespace (a name under /run/netns or a path)
  -o, --output FMT     json (default when not a TTY), ndjson (one object per line, streamed),
                       or pretty (default on a TTY)
  --timeout S          give up when the answer (or, in a dump, the next message) takes more
                       than S seconds (default 30; 0 waits for ever)
  --names SPELLING     output names: camel (default: rtmFamily, the TypeScript API's names)
                       or schema (rtm-family, the YNL schema's and the kernel CLI's names)

A kernel error prints its errno, extended ack and, for classic mistakes (a new* request
without --flags create, a del* whose selectors matched nothing), a one-line hint.

Values: enums and flags by name, MAC and IP addresses as text, bytes as hex strings, u64
beyond 2^53 as strings on output. Bad requests are refused before anything is sent (exit 2).

Examples:
  nlkit rt-link getlink --dump
  nlkit rt-link getlink --json '{"header":{"ifiIndex":1}}' -o pretty
  nlkit rt-link getlink --json '{"ifi-index":1}' --names schema
  nlkit rt-route getroute --dump --json '{"rtm-family":2}'
  nlkit rt-link newlink --flags create,excl --json '{"ifname":"d0","linkinfo":{"kind":"dummy"}}'
  nlkit rt-link dellink --json '{"ifname":"d0"}' --netns lab
  nlkit rt-addr getaddr --dump -o ndjson | jq .address
  nlkit netdev dev-get --dump
`,
  monitor: `Usage: nlkit monitor <family> [options]
       nlkit monitor --spec PATH.yaml [options]

Joins the family's multicast groups and prints each notification as it arrives, as
{"name": <operation>, "value": {...}}.

Options:
  -g, --group NAME     a multicast group (repeatable; default: all of the family's groups)
  --netns NAME         listen inside a network namespace
  -n, --count N        stop after N notifications
  --timeout S          stop after S seconds (default: run until interrupted)
  -o, --output FMT     ndjson (default when not a TTY) or pretty
  --names SPELLING     camel (default) or schema: how attribute names are printed

Examples:
  nlkit monitor rt-link
  nlkit monitor rt-link --group rtnlgrp-link --count 1 --timeout 10
  nlkit monitor rt-addr -g rtnlgrp-ipv4-ifaddr -o pretty
  nlkit monitor nlctrl
`,
  policy: `Usage: nlkit policy <family> [<op>] [--netns NAME] [--timeout S] [-o pretty|json]

Asks the kernel for a generic netlink family's policy (CTRL_CMD_GETPOLICY) and shows, per
attribute: its type, value ranges, length limits and nested policies, with attribute names
taken from the schema. With <op>, only that operation's policies. --timeout S gives up when
the kernel takes more than S seconds (default 30; 0 waits for ever).

Examples:
  nlkit policy nlctrl
  nlkit policy ethtool linkinfo-get
  nlkit policy netdev dev-get -o json
`,
  decode: `Usage: nlkit decode <family> [--request] [--op NAME] (HEX... | --file F) [-o json|ndjson|pretty] [--names schema|camel]

Decodes captured netlink messages (nlmsghdr included). HEX may be split over several
arguments and may contain spaces or colons. --file reads raw bytes, or hex text.
By default messages are decoded as replies or notifications; --request decodes requests.

Options:
  --request            decode as requests (what user space sent)
  --op NAME            decode every message as this operation
  -f, --file F         read the bytes from a file ("-" for stdin; at most 16 MiB)
  -o, --output FMT     json (default when not a TTY), ndjson or pretty
  --names SPELLING     camel (default) or schema: how attribute names are printed

Examples:
  nlkit decode rt-link --request 20000000120001030000000000000000000000000000000000000000
  nlkit decode rt-link --file dump.bin -o ndjson
`,
};
