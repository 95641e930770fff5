/**
 * The ssh transport on Apache MINA SSHD (strict known_hosts, host-key order, handshake deadline); the only package
 * that imports MINA. Depends on collect, inventory and standard.
 */
package io.driftwarden.collect.ssh;
