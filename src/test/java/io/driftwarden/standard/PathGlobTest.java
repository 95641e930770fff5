package io.driftwarden.standard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PathGlobTest {
    @Test
    void literalsMatchThemselvesOnlyRegexCharactersIncluded() {
        assertThat(new PathGlob("/etc/ssh/sshd_config").matches("/etc/ssh/sshd_config"))
                .isTrue();
        assertThat(new PathGlob("/etc/ssh/sshd_config").matches("/etc/ssh/sshd_config.d"))
                .isFalse();
        assertThat(new PathGlob("/etc/a.b+(c)[d]$").matches("/etc/a.b+(c)[d]$")).isTrue();
        assertThat(new PathGlob("/etc/a.b").matches("/etc/aXb")).isFalse();
        assertThat(new PathGlob("/etc/\\Eq").matches("/etc/\\Eq"))
                .as("a quote terminator in the glob is literal")
                .isTrue();
    }

    @Test
    void oneStarAndQuestionMarkStayWithinOneName() {
        PathGlob keys = new PathGlob("/etc/ssl/private/*.key");
        assertThat(keys.matches("/etc/ssl/private/host.key")).isTrue();
        assertThat(keys.matches("/etc/ssl/private/.key")).isTrue();
        assertThat(keys.matches("/etc/ssl/private/sub/host.key")).isFalse();
        assertThat(new PathGlob("/etc/rc?.d").matches("/etc/rc2.d")).isTrue();
        assertThat(new PathGlob("/etc/rc?.d").matches("/etc/rc/.d")).isFalse();
        assertThat(new PathGlob("/etc/rc?.d").matches("/etc/rc22.d")).isFalse();
    }

    @Test
    void twoStarsCrossDirectoriesAndMayMatchNone() {
        PathGlob shadow = new PathGlob("**/shadow");
        assertThat(shadow.matches("/etc/shadow")).isTrue();
        assertThat(shadow.matches("shadow")).isTrue();
        assertThat(shadow.matches("/etc/gshadow")).isFalse();
        PathGlob under = new PathGlob("/etc/ssl/private/**");
        assertThat(under.matches("/etc/ssl/private/a/b/c.pem")).isTrue();
        assertThat(under.matches("/etc/ssl/privateer")).isFalse();
        assertThat(new PathGlob("/etc/**/id_*").matches("/etc/id_rsa")).isTrue();
        assertThat(new PathGlob("/etc/**/id_*").matches("/etc/a/b/id_rsa")).isTrue();
    }
}
