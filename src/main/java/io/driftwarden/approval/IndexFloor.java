package io.driftwarden.approval;

/**
 * What the store keeps of an approvals source's index: the highest serial seen, its digest and its bytes (so the
 * tombstones it listed stay withdrawn even if a later index drops them). A cache of signed input, never the
 * authority: its bytes are parsed again, and judged with the current keys, at each use.
 */
public record IndexFloor(String source, long serial, String digest, byte[] index) {
    public IndexFloor {
        index = index.clone();
    }

    @Override
    public byte[] index() {
        return index.clone();
    }
}
