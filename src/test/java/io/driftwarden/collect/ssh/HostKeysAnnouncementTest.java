package io.driftwarden.collect.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.sshd.client.ClientBuilder;
import org.apache.sshd.client.global.OpenSshHostKeysHandler;
import org.apache.sshd.common.channel.RequestHandler.Result;
import org.apache.sshd.common.global.KeepAliveHandler;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.junit.jupiter.api.Test;

class HostKeysAnnouncementTest {
    @Test
    void theAnnouncementIsTakenUnreadAndNeedsNoReply() throws Exception {
        // a blob no key parser accepts: MINA's default handler would fail on it, this one never looks
        ByteArrayBuffer keys = new ByteArrayBuffer();
        keys.putBytes(new byte[] {0, 0, 0, 7, 's', 's', 'h', '-', 'r', 's', 'a', 1, 2, 3});
        int before = keys.rpos();
        assertThat(HostKeysAnnouncement.IGNORED.process(null, "hostkeys-00@openssh.com", false, keys))
                .isEqualTo(Result.Replied);
        assertThat(keys.rpos()).isEqualTo(before);
    }

    @Test
    void replacesOnlyMinasHostKeyParserAndKeepsKeepAlive() {
        assertThat(HostKeysAnnouncement.clientHandlers())
                .contains(HostKeysAnnouncement.IGNORED, KeepAliveHandler.INSTANCE)
                .noneMatch(OpenSshHostKeysHandler.class::isInstance)
                .hasSameSizeAs(ClientBuilder.DEFAULT_GLOBAL_REQUEST_HANDLERS);
    }

    @Test
    void aReplyIsRefusedAndOtherRequestsAreLeftToMina() throws Exception {
        ByteArrayBuffer empty = new ByteArrayBuffer();
        assertThat(HostKeysAnnouncement.IGNORED.process(null, "hostkeys-00@openssh.com", true, empty))
                .isEqualTo(Result.ReplyFailure);
        assertThat(HostKeysAnnouncement.IGNORED.process(null, "keepalive@openssh.com", true, empty))
                .isEqualTo(Result.Unsupported);
    }
}
