package io.driftwarden.signoff;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Writes SSH wire strings, for rebuilding the exact bytes a signature covers. */
final class SshWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    SshWriter raw(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    SshWriter uint32(int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
        return this;
    }

    SshWriter string(byte[] b) {
        uint32(b.length);
        out.writeBytes(b);
        return this;
    }

    SshWriter string(String s) {
        return string(s.getBytes(StandardCharsets.UTF_8));
    }

    byte[] bytes() {
        return out.toByteArray();
    }
}
