package io.driftwarden.collect.ssh;

import java.util.List;
import org.apache.sshd.client.ClientBuilder;
import org.apache.sshd.client.global.OpenSshHostKeysHandler;
import org.apache.sshd.common.channel.RequestHandler;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.util.buffer.Buffer;

/**
 * Drops OpenSSH's host-key announcement ({@code hostkeys-00@openssh.com}, sent after authentication for
 * UpdateHostKeys) unread. driftwarden never learns keys from a host: known_hosts is the operator's. MINA's
 * default handler parses every announced key, and Bouncy Castle checks each RSA modulus with Miller-Rabin
 * rounds: two thirds of a 200-host audit's CPU (docs/benchmarks.md). The request wants no reply.
 */
final class HostKeysAnnouncement implements RequestHandler<ConnectionService> {
    static final String REQUEST = "hostkeys-00@openssh.com";
    static final HostKeysAnnouncement IGNORED = new HostKeysAnnouncement();

    private HostKeysAnnouncement() {}

    /** MINA's client global-request handlers (keep-alive among them), this one in place of its host-key parser. */
    static List<RequestHandler<ConnectionService>> clientHandlers() {
        return ClientBuilder.DEFAULT_GLOBAL_REQUEST_HANDLERS.stream()
                .<RequestHandler<ConnectionService>>map(h -> h instanceof OpenSshHostKeysHandler ? IGNORED : h)
                .toList();
    }

    @Override
    public Result process(ConnectionService service, String request, boolean wantReply, Buffer buffer) {
        if (!REQUEST.equals(request)) {
            return Result.Unsupported;
        }
        return wantReply ? Result.ReplyFailure : Result.Replied;
    }
}
