package io.driftwarden.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The host is hostile: anything but a well-formed, checksummed, asked-for answer fails the host. */
class ProbeOutputParserTest {
    static final List<ProbeScript.Item> ITEMS =
            List.of(new ProbeScript.Item('F', "/etc/a"), new ProbeScript.Item('P', "bash"));

    static byte[] sealed(String body) throws Exception {
        String digest = HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(body.getBytes(StandardCharsets.US_ASCII)));
        return (body + "END " + body.lines().count() + " " + digest + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    static final String GOOD = "H 1 host - debian 12\n"
            + "F 0 ok link 777 0 root 0 root 5 - - %61206e65770a46 -\n"
            + "P 1 bash %696920 5.2 amd64\n";

    @Test
    void wellFormedOutputParsesWithEncodedValuesIntact() throws Exception {
        Observation o = ProbeOutputParser.parse(sealed(GOOD), ITEMS);
        assertThat(o.files().get("/etc/a").target()).isEqualTo("a new\nF");
        assertThat(o.files().get("/etc/a").mode()).isEqualTo("0777");
        assertThat(o.packages().get("bash").instances())
                .containsExactly(new PackageInstance("bash", "ii", "5.2", "amd64"));
        assertThat(o.identity().osRelease()).isEqualTo("debian 12");
    }

    @Test
    void aNulByteFromTheHostIsShownNeverKept() throws Exception {
        // no database text column takes a NUL: one host's value must not stop every run from being recorded
        assertThat(ProbeOutputParser.text("%" + HexFormat.of().formatHex("a\0b".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("a\\x00b");
    }

    @Test
    void tamperedBodyFailsTheChecksum() throws Exception {
        byte[] out = sealed(GOOD);
        out[5] = 'X';
        assertThatThrownBy(() -> ProbeOutputParser.parse(out, ITEMS))
                .isInstanceOf(ProbeFormatException.class)
                .hasMessageContaining("checksum");
    }

    @Test
    void truncatedOutputIsRefused() throws Exception {
        byte[] out = sealed(GOOD);
        byte[] cut = java.util.Arrays.copyOf(out, out.length - 20);
        assertThatThrownBy(() -> ProbeOutputParser.parse(cut, ITEMS)).isInstanceOf(ProbeFormatException.class);
        assertThatThrownBy(() -> ProbeOutputParser.parse(new byte[0], ITEMS)).isInstanceOf(ProbeFormatException.class);
    }

    @Test
    void aRecordForSomethingNotAskedIsRefused() throws Exception {
        String forged = GOOD + "F 7 ok file 644 0 root 0 root 1 - - - -\n";
        assertThatThrownBy(() -> ProbeOutputParser.parse(sealed(forged), ITEMS)).hasMessageContaining("not asked");
        String wrongKind = GOOD.replace("P 1 bash", "F 1 bash");
        assertThatThrownBy(() -> ProbeOutputParser.parse(sealed(wrongKind), ITEMS))
                .isInstanceOf(ProbeFormatException.class);
    }

    @Test
    void wrongFieldCountsRawSpacesAndBadHexAreRefused() throws Exception {
        assertThatThrownBy(() -> ProbeOutputParser.parse(sealed(GOOD.replace("5.2 amd64", "5.2 amd64 extra")), ITEMS))
                .hasMessageContaining("fields");
        assertThatThrownBy(() -> ProbeOutputParser.parse(sealed(GOOD.replace("%61206e65770a46", "%6120zz")), ITEMS))
                .hasMessageContaining("hex");
        assertThatThrownBy(() -> ProbeOutputParser.parse(sealed(GOOD.replace("root 0 root", "r$t 0 root")), ITEMS))
                .hasMessageContaining("illegal character");
        assertThatThrownBy(() -> ProbeOutputParser.parse(sealed(GOOD.replace("H 1", "H 2")), ITEMS))
                .hasMessageContaining("version");
    }

    @Test
    void aRepeatedRecordOrAMissingFileRecordIsRefused() throws Exception {
        String repeated = GOOD + "F 0 absent - - - - - - - - - - -\n";
        assertThatThrownBy(() -> ProbeOutputParser.parse(sealed(repeated), ITEMS))
                .hasMessageContaining("repeated");
        String missing = "H 1 host - debian 12\nP 1 bash %696920 5.2 amd64\n";
        assertThatThrownBy(() -> ProbeOutputParser.parse(sealed(missing), ITEMS))
                .hasMessageContaining("no record");
    }

    @Test
    void theRequestEncodingLeavesNothingForTheShellToParse() {
        String enc = ProbeScript.encode("$(touch x) `y`; 'q' \"d\" \\ \n é");
        assertThat(enc).matches("[A-Za-z0-9/._\\\\-]+");
        assertThat(ProbeScript.of(new ObservationRequest(
                                List.of(new FileQuery("/a b", false, false, null)),
                                List.of(),
                                List.of(),
                                List.of(),
                                false,
                                List.of(),
                                false))
                        .text())
                .contains("F 0 /a\\0040b - -");
    }
}
