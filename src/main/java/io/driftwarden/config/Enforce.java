package io.driftwarden.config;

import java.nio.file.Path;

/**
 * {@code enforce}: the identity {@code revert} writes with (section 9). Read only by {@code revert}, never by the
 * daemon, and never from the environment. With no {@code identityFile} the key comes from the operator's
 * ssh-agent ({@code SSH_AUTH_SOCK}); a key file must be the operator's own and readable by nobody else.
 * {@code user} logs in (root, or an account that may run {@code sudo -n sh} when {@code sudo} is true);
 * {@code quarantineDir} is where a sensitive file's replaced bytes are kept, root-only, on the host.
 */
public record Enforce(String user, Path identityFile, boolean sudo, String quarantineDir) {
    public static final String DEFAULT_USER = "root";
    public static final String DEFAULT_QUARANTINE = "/var/lib/driftwarden/quarantine";
}
