import type { Identity } from '../rules/identity'

/** The parts of an identity that decide what it may see: callers alike in these may share upstream work. */
export function permissionKey(identity: Identity): string {
  return JSON.stringify([[...identity.roles].sort(), identity.customerId ?? null, identity.channel])
}
