package io.driftwarden.standard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The order of every list in a report is the UTF-8 byte order of "TYPE:NAME"; the comparison builds no bytes. */
class ResourceIdOrderTest {
    private static final char[] ALPHABET = {
        'a', 'b', 'z', '/', '.', '-', '0', ':', '~', 'é', 'ÿ', 'Ā', '中', '\uffff', '\ud83d', '\ude00', '\ud800',
        '\udfff', '\ue000', '?', '\u0000'
    };

    private static int bytes(String a, String b) {
        return Integer.signum(
                Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));
    }

    private static String random(Random r) {
        char[] c = new char[r.nextInt(6)];
        for (int i = 0; i < c.length; i++) {
            c[i] = ALPHABET[r.nextInt(ALPHABET.length)];
        }
        return new String(c);
    }

    @Test
    void namesCompareAsTheirUtf8BytesSurrogatesPairedOrNot() {
        Random r = new Random(42);
        for (int n = 0; n < 200_000; n++) {
            String a = random(r);
            String b = r.nextInt(4) == 0 ? a + random(r) : random(r);
            assertThat(Integer.signum(ResourceId.Utf8Order.compare(a, b)))
                    .as("%s vs %s", escape(a), escape(b))
                    .isEqualTo(bytes(a, b));
        }
    }

    @Test
    void identitiesCompareAsTheirTextAcrossTypes() {
        Random r = new Random(7);
        ResourceType[] types = ResourceType.values();
        for (int n = 0; n < 100_000; n++) {
            ResourceId a = new ResourceId(types[r.nextInt(types.length)], "x" + random(r));
            ResourceId b = new ResourceId(types[r.nextInt(types.length)], "x" + random(r));
            assertThat(Integer.signum(a.compareTo(b)))
                    .as("%s vs %s", escape(a.toString()), escape(b.toString()))
                    .isEqualTo(bytes(a.toString(), b.toString()));
        }
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder();
        s.chars()
                .forEach(c -> b.append(c < 0x7f && c >= 0x20 ? String.valueOf((char) c) : String.format("\\u%04x", c)));
        return b.toString();
    }
}
