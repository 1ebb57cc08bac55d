package io.imageingest.system;

/**
 * Whether this process owns its database. The embedded server's file is locked by this process, so
 * anything another run left behind (leases, half-stored uploads) is stale by definition; a shared
 * MongoDB may have other instances working on it.
 *
 * @param exclusive true with the embedded server
 */
public record DatabaseMode(boolean exclusive) {
}
