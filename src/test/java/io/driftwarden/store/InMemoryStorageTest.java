package io.driftwarden.store;

/** The storage contract on the in-memory fake: the fake behaves as the store does, so tests may rely on it. */
class InMemoryStorageTest extends StoragePortsContract {
    @Override
    Ports open() {
        InMemoryStorage s = new InMemoryStorage();
        return new Ports(s, s, s, s, s, () -> {});
    }
}
