/**
 * @nlkit/core/genl: generic netlink's control family (nlctrl) — the resolver, its message
 * builders and the CTRL_* numbers — and policy introspection (CTRL_CMD_GETPOLICY).
 */
export {
  GenlResolver, genlBody, parseFamily, type GenlFamilyInfo,
  CTRL_CMD_NEWFAMILY, CTRL_CMD_DELFAMILY, CTRL_CMD_GETFAMILY, CTRL_CMD_NEWMCAST_GRP, CTRL_CMD_DELMCAST_GRP, CTRL_CMD_GETPOLICY,
  CTRL_ATTR_FAMILY_ID, CTRL_ATTR_FAMILY_NAME, CTRL_ATTR_VERSION, CTRL_ATTR_HDRSIZE, CTRL_ATTR_MAXATTR, CTRL_ATTR_OPS,
  CTRL_ATTR_MCAST_GROUPS, CTRL_ATTR_POLICY, CTRL_ATTR_OP_POLICY, CTRL_ATTR_OP, CTRL_ATTR_MCAST_GRP_NAME, CTRL_ATTR_MCAST_GRP_ID,
  CTRL_ATTR_OP_ID, CTRL_ATTR_OP_FLAGS,
} from './genl/resolver.js';
export { GENL_ID_CTRL, GENL_HDRLEN } from './wire/constants.js';
export { getFamilyPolicy, describeFamilyPolicy, describePolicy, type FamilyPolicy, type PolicyAttr, type PolicyReport } from './genl/policy.js';
