package io.driftwarden.signoff;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Reads the SSH wire types (RFC 4251: uint32, string, mpint) from a byte array, never past its end. */
final class SshReader {
    private static final int MAX_STRING = 1 << 20;
    private final byte[] data;
    private int pos;

    SshReader(byte[] data) {
        this.data = data;
    }

    int uint32() throws SshFormatException {
        need(4);
        int v = ((data[pos] & 0xff) << 24)
                | ((data[pos + 1] & 0xff) << 16)
                | ((data[pos + 2] & 0xff) << 8)
                | (data[pos + 3] & 0xff);
        pos += 4;
        return v;
    }

    int byte8() throws SshFormatException {
        need(1);
        return data[pos++] & 0xff;
    }

    byte[] bytes(int n) throws SshFormatException {
        need(n);
        byte[] out = Arrays.copyOfRange(data, pos, pos + n);
        pos += n;
        return out;
    }

    byte[] string() throws SshFormatException {
        int len = uint32();
        if (len < 0 || len > MAX_STRING) {
            throw new SshFormatException("string length out of range");
        }
        return bytes(len);
    }

    String text() throws SshFormatException {
        return new String(string(), StandardCharsets.UTF_8);
    }

    BigInteger mpint() throws SshFormatException {
        byte[] b = string();
        if (b.length == 0) {
            return BigInteger.ZERO;
        }
        if ((b[0] & 0x80) != 0) {
            throw new SshFormatException("negative mpint");
        }
        return new BigInteger(b);
    }

    boolean atEnd() {
        return pos == data.length;
    }

    void expectEnd(String what) throws SshFormatException {
        if (!atEnd()) {
            throw new SshFormatException("trailing bytes after " + what);
        }
    }

    private void need(int n) throws SshFormatException {
        if (n < 0 || pos + n > data.length || pos + n < 0) {
            throw new SshFormatException("truncated");
        }
    }
}
