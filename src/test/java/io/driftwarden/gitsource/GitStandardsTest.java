package io.driftwarden.gitsource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwarden.bundle.BundleFiles;
import io.driftwarden.config.Config;
import io.driftwarden.yaml.LoadException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fetching a bundle from a real repository (file://): the export, what it refuses, and an unreachable remote. */
class GitStandardsTest {
    @TempDir
    Path dir;

    Path origin;
    Git work;

    @BeforeEach
    void repositories() throws Exception {
        origin = dir.resolve("origin.git");
        Git.init()
                .setBare(true)
                .setInitialBranch("main")
                .setDirectory(origin.toFile())
                .call()
                .close();
        work = Git.init()
                .setInitialBranch("main")
                .setDirectory(dir.resolve("work").toFile())
                .call();
        Files.writeString(dir.resolve("work/base.yaml"), "standard: base\nresources: []\n");
        Files.createDirectories(dir.resolve("work/files"));
        Files.writeString(dir.resolve("work/files/motd"), "hello\n");
        push("first");
    }

    void push(String message) throws Exception {
        work.add().addFilepattern(".").call();
        work.commit()
                .setMessage(message)
                .setAuthor("ops", "ops@example.com")
                .setCommitter("ops", "ops@example.com")
                .call();
        work.push()
                .setRemote(origin.toUri().toString())
                .add("main")
                .setForce(true)
                .call();
    }

    Config.GitSource source(String ref) {
        return new Config.GitSource(
                origin.toUri().toString(), ref, dir.resolve("checkout"), null, null, null, Duration.ofSeconds(10));
    }

    @Test
    void exportsTheCommitsFilesAndLinksTheTreeToTheNewest() throws Exception {
        GitStandards.Fetched f = GitStandards.fetch(source("main"));
        assertThat(f.warning()).isNull();
        assertThat(f.commit()).isEqualTo(work.getRepository().resolve("HEAD").name());
        assertThat(f.tree().resolve("files/motd")).hasContent("hello");
        assertThat(f.tree().resolve(".git")).doesNotExist();
        // what the standard commands read: the link to the newest export, resolved at the bundle's root
        BundleFiles viaLink = BundleFiles.read(dir.resolve("checkout/tree"), List.of());
        assertThat(viaLink.paths()).containsExactly("base.yaml", "files/motd");

        Files.writeString(dir.resolve("work/files/motd"), "hello again\n");
        push("second");
        GitStandards.Fetched g = GitStandards.fetch(source("main"));
        assertThat(g.tree()).isNotEqualTo(f.tree());
        assertThat(g.tree().resolve("files/motd")).hasContent("hello again");
        assertThat(f.tree()).as("older exports are dropped").doesNotExist();
    }

    @Test
    void aSymbolicLinkInTheTreeIsRefusedNamingIt() throws Exception {
        Files.createSymbolicLink(dir.resolve("work/files/escape"), Path.of("/etc"));
        push("a link");
        assertThatThrownBy(() -> GitStandards.fetch(source("main")))
                .isInstanceOf(LoadException.class)
                .hasMessage("standards.git: files/escape: a symbolic link; a bundle holds regular files only");
        assertThat(dir.resolve("checkout/trees")).isEmptyDirectory();
    }

    @Test
    void anUnreachableRemoteFallsBackToTheLastFetchedCommitAndSaysSo() throws Exception {
        GitStandards.Fetched f = GitStandards.fetch(source("main"));
        io.driftwarden.TestFiles.deleteTree(origin);
        GitStandards.Fetched g = GitStandards.fetch(source("main"));
        assertThat(g.commit()).isEqualTo(f.commit());
        assertThat(g.warning())
                .startsWith("standards.git: " + origin.toUri() + ": fetch failed (")
                .endsWith("); using the last fetched commit");
    }

    @Test
    void anUnknownRefAndANeverFetchedRemoteAreErrors() throws Exception {
        assertThatThrownBy(() -> GitStandards.fetch(source("release-9")))
                .isInstanceOf(LoadException.class)
                .hasMessageContaining("standards.ref: 'release-9' is neither a branch nor a tag of " + origin.toUri());
        Config.GitSource nowhere = new Config.GitSource(
                dir.resolve("nowhere.git").toUri().toString(),
                "main",
                dir.resolve("other"),
                null,
                null,
                null,
                Duration.ofSeconds(5));
        assertThatThrownBy(() -> GitStandards.fetch(nowhere))
                .isInstanceOf(LoadException.class)
                .hasMessageContaining("fetch failed")
                .hasMessageEndingWith("; nothing fetched yet");
    }

    @Test
    void aCheckoutOwnedBySomeoneElseIsRefused() throws Exception {
        GitStandards.fetch(source("main"));
        Files.setAttribute(dir.resolve("checkout"), "unix:uid", 4242);
        assertThatThrownBy(() -> GitStandards.fetch(source("main")))
                .isInstanceOf(LoadException.class)
                .hasMessageContaining("belongs to uid 4242, not to you");
    }
}
