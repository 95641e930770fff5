package io.driftwarden.daemon;

/**
 * The port to the one-daemon lease on a store: held from start to stop, renewed by a heartbeat; when another daemon
 * takes it over (ours lapsed), {@link #onLost} is called once and this daemon must stop.
 */
public interface Lease extends AutoCloseable {
    void onLost(Runnable action);

    @Override
    void close();
}
