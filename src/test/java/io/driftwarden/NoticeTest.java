package io.driftwarden;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The committed NOTICE is exactly what license-maven-plugin writes from the bundled dependencies' POMs. */
class NoticeTest {
    private static final Path GENERATED = Path.of("target/generated-sources/license/NOTICE");

    @Test
    void theCommittedNoticeListsEveryBundledLibraryAsTheBuildSeesThem() throws Exception {
        assertThat(GENERATED)
                .as("license-maven-plugin runs in generate-resources")
                .exists();
        assertThat(Files.readString(Path.of("NOTICE")))
                .as("NOTICE is stale: mvn -B -q generate-resources && cp %s NOTICE", GENERATED)
                .isEqualTo(Files.readString(GENERATED));
    }

    @Test
    void theLicenceIsApacheTwoInTheFileAndThePom() throws Exception {
        assertThat(Files.readString(Path.of("LICENSE")))
                .startsWith("                                 Apache License\n")
                .contains("Version 2.0, January 2004");
        assertThat(Files.readString(Path.of("pom.xml"))).contains("<name>Apache-2.0</name>");
    }
}
